package io.gatehouse.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The webhook signature is the Standard Webhooks one: what receivers' libraries verify. */
class WebhookSignatureTest {
    // The example of the Standard Webhooks specification and its reference libraries' tests
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330L;
    private static final String BODY = "{\"test\": 2432232314}";
    private static final String EXPECTED = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @Test
    void reproducesTheSpecificationsExampleSignature() {
        assertEquals(EXPECTED, WebhookSignature.sign(WebhookSignature.key(SECRET), ID, TIMESTAMP, BODY));
    }

    @Test
    void duringARotationTheHeaderCarriesBothSignaturesSpaceSeparated() {
        byte[] other = WebhookSignature.key(WebhookSignature.newSecret());
        String header = WebhookSignature.header(List.of(other, WebhookSignature.key(SECRET)), ID, TIMESTAMP, BODY);
        String[] signatures = header.split(" ");
        assertEquals(2, signatures.length, header);
        assertEquals(EXPECTED, signatures[1]);
        assertNotEquals(EXPECTED, signatures[0]);
    }

    @Test
    void anyChangeToIdTimestampOrBodyChangesTheSignature() {
        byte[] key = WebhookSignature.key(SECRET);
        assertNotEquals(EXPECTED, WebhookSignature.sign(key, ID + "x", TIMESTAMP, BODY));
        assertNotEquals(EXPECTED, WebhookSignature.sign(key, ID, TIMESTAMP + 1, BODY));
        assertNotEquals(EXPECTED, WebhookSignature.sign(key, ID, TIMESTAMP, BODY + " "));
    }

    @Test
    void newSecretsAreWhsecAndStandardBase64Of24RandomBytes() {
        String secret = WebhookSignature.newSecret();
        assertTrue(secret.matches("whsec_[A-Za-z0-9+/]{32}"), secret);
        assertEquals(24, Base64.getDecoder().decode(secret.substring(6)).length);
        assertNotEquals(secret, WebhookSignature.newSecret());
    }
}
