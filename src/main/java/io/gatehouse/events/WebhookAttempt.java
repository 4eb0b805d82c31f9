package io.gatehouse.events;

import io.gatehouse.platform.Ids;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One request sent to a webhook and how it was answered: the delivery log. */
@Entity
@Table(name = "gh_webhook_attempt")
public class WebhookAttempt {
    /** How the request came about. */
    public enum Kind { delivery, redelivery, test }

    static final int KEPT_BODY_CHARS = 500;
    static final int KEPT_ERROR_CHARS = 1000;

    @Id
    private String id;
    @Column(name = "webhook_id")
    private String webhookId;
    @Column(name = "event_id")
    private String eventId;
    private Long seq;
    @Column(name = "event_type")
    private String eventType;
    private String kind;
    private int attempt;
    @Column(name = "attempted_at")
    private Instant attemptedAt;
    private Integer status;
    private String error;
    @Column(name = "latency_ms")
    private long latencyMs;
    @Column(name = "response_body")
    private String responseBody;

    protected WebhookAttempt() {
    }

    WebhookAttempt(String webhookId, String eventId, Long seq, String eventType, Kind kind, int attempt, Instant attemptedAt,
                   WebhookRequest.Outcome outcome) {
        this.id = Ids.next();
        this.webhookId = webhookId;
        this.eventId = eventId;
        this.seq = seq;
        this.eventType = eventType;
        this.kind = kind.name();
        this.attempt = attempt;
        this.attemptedAt = attemptedAt;
        this.status = outcome.status();
        this.error = WebhookRequest.kept(outcome.error(), KEPT_ERROR_CHARS);
        this.latencyMs = outcome.latencyMs();
        this.responseBody = WebhookRequest.kept(outcome.responseBody(), KEPT_BODY_CHARS);
    }

    public String id() { return id; }
    public String webhookId() { return webhookId; }
    public String eventId() { return eventId; }
    public Long seq() { return seq; }
    public String eventType() { return eventType; }
    public Kind kind() { return Kind.valueOf(kind); }
    public int attempt() { return attempt; }
    public Instant attemptedAt() { return attemptedAt; }
    public Integer status() { return status; }
    public String error() { return error; }
    public long latencyMs() { return latencyMs; }
    public String responseBody() { return responseBody; }
    public boolean succeeded() { return error == null; }
}
