package io.gatehouse.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecretsTest {
    final String id = "0f8fad5b-d9cb-469f-a165-70867728950e";

    @Test
    void issuedSecretsCarryTheirIdAndOnlyTheirOwnHashMatches() {
        String secret = Secrets.issue("gst", id);
        assertEquals(Optional.of(id), Secrets.idOf("gst", secret));
        String hash = Secrets.hash(secret);
        assertFalse(hash.contains(secret));
        assertEquals(64, hash.length());
        assertTrue(Secrets.matches(secret, hash));
        assertFalse(Secrets.matches(secret + "x", hash));
        assertFalse(Secrets.matches(secret.substring(0, secret.length() - 1), hash));
        assertFalse(Secrets.matches(null, hash));
        assertNotEquals(secret, Secrets.issue("gst", id), "random part differs");
    }

    @Test
    void malformedSecretsHaveNoId() {
        assertEquals(Optional.empty(), Secrets.idOf("gst", "gha_" + id + "_x"));
        assertEquals(Optional.empty(), Secrets.idOf("gst", "gst_" + id));
        assertEquals(Optional.empty(), Secrets.idOf("gst", "gst_short_x"));
        assertEquals(Optional.empty(), Secrets.idOf("gst", null));
    }
}
