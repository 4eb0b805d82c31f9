package io.gatehouse.platform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KeyEncryptionTest {
    @BeforeEach
    void key() {
        System.setProperty("GATEHOUSE_KEY_ENCRYPTION_KEY", "a key-encryption key of enough length for the test");
    }

    @AfterEach
    void clear() {
        System.clearProperty("GATEHOUSE_KEY_ENCRYPTION_KEY");
    }

    @Test
    void roundTripsAndNeverStoresTheClearText() {
        KeyEncryption encryption = new KeyEncryption();
        byte[] secret = "private key bytes".getBytes(StandardCharsets.UTF_8);
        String sealed = encryption.encrypt(secret, "project-a");
        assertFalse(sealed.contains("private key"));
        assertArrayEquals(secret, encryption.decrypt(sealed, "project-a"));
    }

    @Test
    void refusesAnotherRowATamperedValueOrAnotherKey() {
        KeyEncryption encryption = new KeyEncryption();
        String sealed = encryption.encrypt("secret".getBytes(StandardCharsets.UTF_8), "project-a");
        assertThrows(IllegalStateException.class, () -> encryption.decrypt(sealed, "project-b"));
        int body = sealed.lastIndexOf(':') + 1;
        byte[] bytes = java.util.Base64.getDecoder().decode(sealed.substring(body));
        bytes[bytes.length / 2] ^= 1; // one flipped bit in the ciphertext
        String tampered = sealed.substring(0, body) + java.util.Base64.getEncoder().encodeToString(bytes);
        assertThrows(IllegalStateException.class, () -> encryption.decrypt(tampered, "project-a"));
        System.setProperty("GATEHOUSE_KEY_ENCRYPTION_KEY", "another key-encryption key, also long enough here");
        assertThrows(IllegalStateException.class, () -> new KeyEncryption().decrypt(sealed, "project-a"));
    }

    @Test
    void refusesAShortKey() {
        System.setProperty("GATEHOUSE_KEY_ENCRYPTION_KEY", "short");
        assertThrows(IllegalStateException.class, () -> new KeyEncryption().encrypt(new byte[1], "p"));
    }
}
