package io.gatehouse.oidc;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;

/**
 * A back-channel logout to send to one application for one ended session, written in the same
 * transaction that ended the session and sent (and retried) by whichever node's worker claims it.
 */
@Entity
@Table(name = "gh_oidc_logout")
public class LogoutDelivery {
    /** Retries after 10 s, 20 s, 40 s, ... : {@link #MAX_ATTEMPTS} attempts span about 90 minutes. */
    static final int MAX_ATTEMPTS = 10;
    static final Duration FIRST_RETRY = Duration.ofSeconds(10);

    @Id
    private String id;
    @Column(name = "project_id")
    private String projectId;
    @Column(name = "application_id")
    private String applicationId;
    private String subject;
    private String sid;
    private String issuer;
    private String reason;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "next_attempt_at")
    private Instant nextAttemptAt;
    private int attempts;
    @Column(name = "delivered_at")
    private Instant deliveredAt;
    @Column(name = "gave_up_at")
    private Instant gaveUpAt;
    @Column(name = "last_status")
    private Integer lastStatus;
    @Column(name = "last_error")
    private String lastError;
    @Column(name = "last_latency_ms")
    private Long lastLatencyMs;

    protected LogoutDelivery() {
    }

    LogoutDelivery(String id, String projectId, String applicationId, String subject, String sid, String issuer, String reason) {
        this.issuer = issuer;
        this.id = id;
        this.projectId = projectId;
        this.applicationId = applicationId;
        this.subject = subject;
        this.sid = sid;
        this.reason = reason;
        this.createdAt = Instant.now();
        this.nextAttemptAt = createdAt;
    }

    void delivered(int status, long latencyMs) {
        attempts++;
        lastStatus = status;
        lastLatencyMs = latencyMs;
        lastError = null;
        deliveredAt = Instant.now();
        nextAttemptAt = null;
    }

    void failed(Integer status, String error, long latencyMs) {
        attempts++;
        lastStatus = status;
        lastError = error == null ? null : error.substring(0, Math.min(error.length(), 1000));
        lastLatencyMs = latencyMs;
        if (attempts >= MAX_ATTEMPTS) {
            gaveUpAt = Instant.now();
            nextAttemptAt = null;
        } else {
            nextAttemptAt = Instant.now().plus(FIRST_RETRY.multipliedBy(1L << (attempts - 1)));
        }
    }

    public String id() { return id; }
    public String projectId() { return projectId; }
    public String applicationId() { return applicationId; }
    public String subject() { return subject; }
    public String sid() { return sid; }
    public String issuer() { return issuer; }
    public String reason() { return reason; }
    public Instant createdAt() { return createdAt; }
    public Instant nextAttemptAt() { return nextAttemptAt; }
    public int attempts() { return attempts; }
    public Instant deliveredAt() { return deliveredAt; }
    public Instant gaveUpAt() { return gaveUpAt; }
    public Integer lastStatus() { return lastStatus; }
    public String lastError() { return lastError; }
    public Long lastLatencyMs() { return lastLatencyMs; }

    /** delivered, retrying or failed, as the console and the API show it */
    public String status() {
        return deliveredAt != null ? "delivered" : gaveUpAt != null ? "failed" : attempts == 0 ? "pending" : "retrying";
    }
}
