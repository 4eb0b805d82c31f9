package io.gatehouse.events;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * An application's endpoint for the project's directory events, and where its delivery stands: the
 * cursor (last sequence number delivered, or skipped by the filter), the head event's failures and
 * the lease of the node delivering now. The sender changes the delivery columns with conditional
 * updates (lease token), so this entity is only loaded and persisted whole by {@link Webhooks}.
 */
@Entity
@Table(name = "gh_webhook")
public class Webhook {
    public static final String ALL_TYPES = "*";

    public enum Status { active, failing }

    @Id
    private String id;
    @Column(name = "project_id")
    private String projectId;
    @Column(name = "application_id")
    private String applicationId;
    private String url;
    /** "*" or wire names, one a line. */
    @Column(name = "event_types")
    private String eventTypes;
    /** Sealed with the key-encryption key, never in clear. */
    private String secret;
    @Column(name = "previous_secret")
    private String previousSecret;
    @Column(name = "previous_secret_until")
    private Instant previousSecretUntil;
    private String status;
    @Column(name = "last_delivered_seq")
    private long lastDeliveredSeq;
    private int failures;
    @Column(name = "failing_since")
    private Instant failingSince;
    @Column(name = "next_attempt_at")
    private Instant nextAttemptAt;
    @Column(name = "lease_token")
    private String leaseToken;
    @Column(name = "lease_until")
    private Instant leaseUntil;
    @Column(name = "last_attempt_at")
    private Instant lastAttemptAt;
    @Column(name = "last_status")
    private Integer lastStatus;
    @Column(name = "last_error")
    private String lastError;
    @Column(name = "last_latency_ms")
    private Long lastLatencyMs;
    @Column(name = "created_at")
    private Instant createdAt;

    protected Webhook() {
    }

    /** A new webhook starts after the project's last event: it receives what happens from now on. */
    Webhook(String id, String projectId, String applicationId, String url, List<String> eventTypes, String sealedSecret,
            long startAfterSeq) {
        this.id = id;
        this.projectId = projectId;
        this.applicationId = applicationId;
        this.url = url;
        this.eventTypes = String.join("\n", eventTypes);
        this.secret = sealedSecret;
        this.status = Status.active.name();
        this.lastDeliveredSeq = startAfterSeq;
        this.createdAt = Instant.now();
        this.nextAttemptAt = createdAt;
    }

    /** The new secret signs from now on; the current one keeps signing beside it until {@code overlapUntil}. */
    void rotate(String sealedSecret, Instant overlapUntil) {
        previousSecret = secret;
        previousSecretUntil = overlapUntil;
        secret = sealedSecret;
    }

    /** Delivery starts again at the event it stopped on, as if it had not failed before. */
    void resume() {
        status = Status.active.name();
        failures = 0;
        failingSince = null;
        nextAttemptAt = Instant.now();
    }

    /** The event at {@code seq} was acknowledged: the cursor moves past it and the next one is due now. */
    void delivered(long seq, WebhookRequest.Outcome outcome, Instant now, Instant leaseUntil) {
        lastDeliveredSeq = Math.max(lastDeliveredSeq, seq);
        failures = 0;
        failingSince = null;
        nextAttemptAt = now;
        attempted(outcome, now, leaseUntil);
    }

    /**
     * The head event failed: it is retried after the backoff, later events wait behind it; after
     * three days of failing the webhook pauses ({@link Status#failing}). Returns whether it paused now.
     */
    boolean failed(WebhookRequest.Outcome outcome, Instant now, double scale, Instant leaseUntil) {
        failures++;
        if (failingSince == null) {
            failingSince = now;
        }
        nextAttemptAt = now.plus(WebhookBackoff.delay(failures, scale));
        attempted(outcome, now, leaseUntil);
        if (WebhookBackoff.givesUp(failingSince, now, scale)) {
            status = Status.failing.name();
            return true;
        }
        return false;
    }

    /** Events up to {@code seq} are not of the types this webhook wants: the cursor moves past them unsent. */
    void skipped(long seq, Instant leaseUntil) {
        lastDeliveredSeq = Math.max(lastDeliveredSeq, seq);
        this.leaseUntil = leaseUntil;
    }

    private void attempted(WebhookRequest.Outcome outcome, Instant now, Instant leaseUntil) {
        lastAttemptAt = now;
        lastStatus = outcome.status();
        lastError = WebhookRequest.kept(outcome.error(), WebhookAttempt.KEPT_ERROR_CHARS);
        lastLatencyMs = outcome.latencyMs();
        this.leaseUntil = leaseUntil;
    }

    boolean leasedWith(String token) {
        return token != null && token.equals(leaseToken);
    }

    public String id() { return id; }
    public String projectId() { return projectId; }
    public String applicationId() { return applicationId; }
    public String url() { return url; }
    public List<String> eventTypes() { return Arrays.asList(eventTypes.split("\n")); }
    String sealedSecret() { return secret; }
    /** The previous secret while it still signs (rotation overlap), else null. */
    String sealedPreviousSecret(Instant now) {
        return previousSecret != null && previousSecretUntil != null && now.isBefore(previousSecretUntil) ? previousSecret : null;
    }
    public Instant previousSecretUntil() { return previousSecretUntil; }
    public Status status() { return Status.valueOf(status); }
    public long lastDeliveredSeq() { return lastDeliveredSeq; }
    public int failures() { return failures; }
    public Instant failingSince() { return failingSince; }
    public Instant nextAttemptAt() { return nextAttemptAt; }
    public Instant leaseUntil() { return leaseUntil; }
    public Instant lastAttemptAt() { return lastAttemptAt; }
    public Integer lastStatus() { return lastStatus; }
    public String lastError() { return lastError; }
    public Long lastLatencyMs() { return lastLatencyMs; }
    public Instant createdAt() { return createdAt; }

    /** Whether events of this type are sent (others are skipped, the cursor moving past them). */
    public boolean wants(String type) {
        List<String> types = eventTypes();
        return types.contains(ALL_TYPES) || types.contains(type);
    }
}
