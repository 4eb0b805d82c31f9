package io.gatehouse.events;

import io.gatehouse.platform.Secrets;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures (standardwebhooks.com): {@code v1,<base64 HMAC-SHA256>} over
 * {@code "<webhook-id>.<webhook-timestamp>.<body>"}, keyed with the bytes of the secret after its
 * {@code whsec_} prefix. Receivers verify with any Standard Webhooks library.
 */
public final class WebhookSignature {
    static final String SECRET_PREFIX = "whsec_";
    static final int SECRET_BYTES = 24;

    private WebhookSignature() {
    }

    /** A new secret as the application is shown it once: {@code whsec_<base64 of 24 random bytes>}. */
    static String newSecret() {
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(Secrets.randomBytes(SECRET_BYTES));
    }

    /** The HMAC key of a {@code whsec_} secret. */
    static byte[] key(String secret) {
        if (secret == null || !secret.startsWith(SECRET_PREFIX)) {
            throw new IllegalArgumentException("not a whsec_ secret");
        }
        return Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
    }

    /** One signature: {@code v1,<base64>}. */
    public static String sign(byte[] key, String id, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException("HMAC-SHA256 is not available", impossible);
        }
    }

    /** The {@code webhook-signature} header: one signature per key, space-separated (both secrets during a rotation). */
    static String header(List<byte[]> keys, String id, long timestamp, String body) {
        return keys.stream().map(k -> sign(k, id, timestamp, body)).collect(Collectors.joining(" "));
    }
}
