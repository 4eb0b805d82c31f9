package io.gatehouse.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.function.Supplier;

/** A secret Gatehouse generated on first start and keeps in a file only the server's user can read. */
public final class SecretFile {
    private SecretFile() {
    }

    public static void write(Path file, String secret) throws IOException {
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        Files.writeString(file, secret + System.lineSeparator());
    }

    public static Optional<String> read(Path file) {
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file).strip()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The secret in the file, written there from the generator first if the file does not exist. */
    public static synchronized String readOrCreate(Path file, Supplier<String> generator) {
        return read(file).orElseGet(() -> {
            String secret = generator.get();
            try {
                write(file, secret);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return secret;
        });
    }
}
