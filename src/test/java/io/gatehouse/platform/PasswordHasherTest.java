package io.gatehouse.platform;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    @Test
    void argon2idHashesVerifyOnlyTheRightPassword() {
        String hash = PasswordHasher.hash("correct horse battery staple");
        assertTrue(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), hash);
        assertFalse(hash.contains("correct horse"));
        assertTrue(PasswordHasher.verify("correct horse battery staple", hash));
        assertFalse(PasswordHasher.verify("correct horse battery stapler", hash));
        assertFalse(PasswordHasher.verify("", hash));
        assertNotEquals(hash, PasswordHasher.hash("correct horse battery staple"), "salted");
    }

    @Test
    void malformedHashesNeverVerify() {
        assertFalse(PasswordHasher.verify("x", "plain-text"));
        assertFalse(PasswordHasher.verify("x", "$argon2id$v=19$m=x,t=2,p=1$AAAA$AAAA"));
        assertFalse(PasswordHasher.verify("x", "$argon2i$v=19$m=8,t=1,p=1$AAAA$AAAA"));
        assertFalse(PasswordHasher.verify("x", null));
    }
}
