package io.gatehouse.events;

import io.gatehouse.platform.KeyEncryption;
import io.gatehouse.platform.OutboundAddress;
import io.gatehouse.platform.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeoutException;

/**
 * One signed POST to a webhook: the address checked again first (DNS may have changed since the
 * webhook was saved), redirects never followed (a 3xx fails), the whole exchange bounded by the
 * timeout (GATEHOUSE_WEBHOOK_TIMEOUT_SECONDS, 10 s), and only the head of the answer read.
 */
@ApplicationScoped
public class WebhookRequest {
    /** Bytes of the answer read for the delivery log (it keeps 500 characters). */
    private static final int READ_BYTES = 2048;
    /** The secret and the previous one overlap this long after a rotation. */
    static final Duration ROTATION_OVERLAP = Duration.ofHours(24);

    private KeyEncryption encryption;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    protected WebhookRequest() {
    }

    @Inject
    public WebhookRequest(KeyEncryption encryption) {
        this.encryption = encryption;
    }

    /** How a request went: {@code error} is null exactly when the webhook answered 2xx. */
    public record Outcome(Integer status, String error, long latencyMs, String responseBody) {
        boolean delivered() {
            return error == null;
        }
    }

    /** Sends {@code body} as event {@code eventId}; never throws for what the endpoint does. */
    Outcome send(Webhook webhook, String eventId, String body) {
        URI uri;
        try {
            uri = URI.create(webhook.url());
        } catch (IllegalArgumentException e) {
            return new Outcome(null, "not sent: the URL is not valid", 0, null);
        }
        String refused = OutboundAddress.refusal(uri);
        if (refused != null) {
            return new Outcome(null, "not sent: " + refused, 0, null);
        }
        List<byte[]> keys;
        try {
            keys = keys(webhook);
        } catch (IllegalStateException e) { // another key-encryption key on this node: retried with backoff, and logged
            return new Outcome(null, "not sent: " + e.getMessage(), 0, null);
        }
        long timestamp = Instant.now().getEpochSecond();
        Duration timeout = Duration.ofSeconds(Settings.webhookTimeoutSeconds());
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Gatehouse-Webhooks")
                .header("webhook-id", eventId)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", WebhookSignature.header(keys, eventId, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        return exchange(request, timeout);
    }

    private Outcome exchange(HttpRequest request, Duration timeout) {
        long started = System.nanoTime();
        CompletableFuture<HttpResponse<byte[]>> answer = http.sendAsync(request, info -> new Head(READ_BYTES));
        try {
            // the request's own timeout stops at the answer's headers; this bounds a body that trickles too
            HttpResponse<byte[]> response = answer.get(timeout.toMillis() + 500, java.util.concurrent.TimeUnit.MILLISECONDS);
            int status = response.statusCode();
            String text = new String(response.body(), StandardCharsets.UTF_8);
            return new Outcome(status, status / 100 == 2 ? null : refusal(status), elapsed(started), text);
        } catch (TimeoutException e) {
            answer.cancel(true);
            return new Outcome(null, "timed out after " + timeout.toSeconds() + " s", elapsed(started), null);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new Outcome(null, describe(cause), elapsed(started), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer.cancel(true);
            return new Outcome(null, "interrupted (the server is stopping)", elapsed(started), null);
        }
    }

    private static String refusal(int status) {
        return status / 100 == 3 ? "answered " + status + " (redirects are not followed)" : "answered " + status;
    }

    private static String describe(Throwable cause) {
        if (cause instanceof java.net.http.HttpTimeoutException) {
            return "timed out";
        }
        if (cause instanceof java.net.ConnectException) {
            return "connection refused";
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** The current secret's key, and during a rotation's overlap the previous one's too. */
    private List<byte[]> keys(Webhook webhook) {
        List<byte[]> keys = new ArrayList<>();
        keys.add(key(webhook, webhook.sealedSecret()));
        String previous = webhook.sealedPreviousSecret(Instant.now());
        if (previous != null) {
            keys.add(key(webhook, previous));
        }
        return keys;
    }

    private byte[] key(Webhook webhook, String sealed) {
        return WebhookSignature.key(new String(encryption.decrypt(sealed, context(webhook.projectId(), webhook.id())),
                StandardCharsets.US_ASCII));
    }

    /** Authenticated with the ciphertext: a secret copied to another webhook's row does not decrypt. */
    static String context(String projectId, String webhookId) {
        return "webhook|" + projectId + "|" + webhookId;
    }

    private static long elapsed(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    /**
     * Text as the delivery log keeps it: at most {@code max} characters, without control characters
     * (PostgreSQL refuses NUL) and without half a surrogate pair at the cut.
     */
    static String kept(String text, int max) {
        if (text == null) {
            return null;
        }
        StringBuilder kept = new StringBuilder(Math.min(text.length(), max));
        for (int i = 0; i < text.length() && kept.length() < max; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1)) && kept.length() + 2 <= max) {
                    kept.append(c).append(text.charAt(++i));
                } else if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    kept.append('\uFFFD');
                } else {
                    break; // the pair does not fit
                }
            } else if (Character.isLowSurrogate(c)) {
                kept.append('\uFFFD');
            } else {
                kept.append(Character.isISOControl(c) && c != '\n' && c != '\t' ? ' ' : c);
            }
        }
        return kept.toString();
    }

    /** Collects the first {@code limit} bytes of the answer and stops reading there. */
    private static final class Head implements HttpResponse.BodySubscriber<byte[]> {
        private final int limit;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        Head(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer item : items) {
                int take = Math.min(item.remaining(), limit - bytes.size());
                byte[] chunk = new byte[take];
                item.get(chunk);
                bytes.write(chunk, 0, take);
            }
            if (bytes.size() >= limit) {
                subscription.cancel();
                result.complete(bytes.toByteArray());
            }
        }

        @Override
        public void onError(Throwable error) {
            result.complete(bytes.toByteArray()); // the status is what counts; keep what arrived
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }
    }
}
