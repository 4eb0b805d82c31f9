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
        char[] chars = sealed.toCharArray();
        chars[chars.length - 3] = chars[chars.length - 3] == 'A' ? 'B' : 'A';
        assertThrows(IllegalStateException.class, () -> encryption.decrypt(new String(chars), "project-a"));
        System.setProperty("GATEHOUSE_KEY_ENCRYPTION_KEY", "another key-encryption key, also long enough here");
        assertThrows(IllegalStateException.class, () -> new KeyEncryption().decrypt(sealed, "project-a"));
    }

    @Test
    void refusesAShortKey() {
        System.setProperty("GATEHOUSE_KEY_ENCRYPTION_KEY", "short");
        assertThrows(IllegalStateException.class, () -> new KeyEncryption().encrypt(new byte[1], "p"));
    }
}
