package io.gatehouse.platform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * Bearer secrets (admin API keys, SCIM tokens). A secret is {@code <prefix>_<id>_<random>}: the id
 * finds the stored row, the SHA-256 of the whole secret is stored (never the secret), and hashes are
 * compared in constant time. SHA-256 is enough here because the secrets carry 256 random bits; slow
 * password hashing is for human-chosen passwords ({@link PasswordHasher}).
 */
public final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int ID_LENGTH = 36;

    private Secrets() {
    }

    /** A new secret for the row with this id. */
    public static String issue(String prefix, String id) {
        return prefix + "_" + id + "_" + random(32);
    }

    /** The id part of a presented secret with this prefix, if it has the issued shape. */
    public static Optional<String> idOf(String prefix, String presented) {
        String head = prefix + "_";
        if (presented == null || !presented.startsWith(head)
                || presented.length() <= head.length() + ID_LENGTH + 1
                || presented.charAt(head.length() + ID_LENGTH) != '_') {
            return Optional.empty();
        }
        return Optional.of(presented.substring(head.length(), head.length() + ID_LENGTH));
    }

    public static String hash(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Whether the presented secret hashes to the stored hash, in time independent of where they differ. */
    public static boolean matches(String presented, String storedHash) {
        if (presented == null || storedHash == null) {
            return false;
        }
        byte[] actual = hash(presented).getBytes(StandardCharsets.US_ASCII);
        byte[] expected = storedHash.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(actual, expected);
    }

    /** URL-safe random text carrying {@code bytes * 8} bits. */
    public static String random(int bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(bytes));
    }

    public static byte[] randomBytes(int bytes) {
        byte[] buffer = new byte[bytes];
        RANDOM.nextBytes(buffer);
        return buffer;
    }
}
