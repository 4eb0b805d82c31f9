package io.gatehouse.events;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The README's ten-line signature check, copied verbatim, against what the sender signs. */
class ReadmeVerificationTest {
    private static final String BODY = "{\"id\":\"e1\",\"sequence\":1,\"type\":\"user.created\",\"data\":{}}";

    // --- from README.md, "Webhooks"
    static boolean verified(String secret, String id, String timestamp, String signatures, byte[] body) throws Exception {
        if (Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) > 300) return false; // stale or replayed
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
        byte[] expected = ("v1," + Base64.getEncoder().encodeToString(mac.doFinal(body))).getBytes(StandardCharsets.UTF_8);
        for (String candidate : signatures.split(" ")) // two while a secret rotates
            if (MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.UTF_8))) return true;
        return false;
    }
    // ---

    @Test
    void acceptsWhatTheSenderSignsWithEitherSecretDuringARotation() throws Exception {
        String current = WebhookSignature.newSecret();
        String previous = WebhookSignature.newSecret();
        long now = Instant.now().getEpochSecond();
        String header = WebhookSignature.header(List.of(WebhookSignature.key(current), WebhookSignature.key(previous)), "e1", now, BODY);
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        assertTrue(verified(current, "e1", Long.toString(now), header, body));
        assertTrue(verified(previous, "e1", Long.toString(now), header, body));
    }

    @Test
    void refusesAnotherSecretAChangedBodyOrIdAndAStaleTimestamp() throws Exception {
        String secret = WebhookSignature.newSecret();
        long now = Instant.now().getEpochSecond();
        String header = WebhookSignature.header(List.of(WebhookSignature.key(secret)), "e1", now, BODY);
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        assertFalse(verified(WebhookSignature.newSecret(), "e1", Long.toString(now), header, body));
        assertFalse(verified(secret, "e1", Long.toString(now), header, BODY.replace("user.created", "user.deleted").getBytes()));
        assertFalse(verified(secret, "e2", Long.toString(now), header, body));
        String old = WebhookSignature.header(List.of(WebhookSignature.key(secret)), "e1", now - 3600, BODY);
        assertFalse(verified(secret, "e1", Long.toString(now - 3600), old, body), "an hour-old request replayed");
    }
}
