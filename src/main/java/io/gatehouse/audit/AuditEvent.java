package io.gatehouse.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import io.gatehouse.platform.Ids;
import java.time.Instant;

/** One change, made by SCIM, SAML, an admin or Gatehouse itself. Written in the change's own transaction. */
@Entity
@Table(name = "gh_audit_event")
public class AuditEvent {
    @Id
    private String id;
    /** assigned by the database on insert (not known to a freshly written event) */
    @Column(insertable = false, updatable = false)
    private Long seq;
    @Column(name = "project_id")
    private String projectId;
    @Column(name = "occurred_at")
    private Instant occurredAt;
    @Enumerated(EnumType.STRING)
    private Actor.Source source;
    private String actor;
    private String action;
    @Column(name = "target_type")
    private String targetType;
    @Column(name = "target_id")
    private String targetId;
    private String summary;
    @Lob
    private String detail;

    protected AuditEvent() {
    }

    AuditEvent(String projectId, Actor actor, String action, String targetType, String targetId,
               String summary, String detail) {
        this.id = Ids.next();
        this.projectId = projectId;
        this.occurredAt = Instant.now();
        this.source = actor.source();
        this.actor = actor.name();
        this.action = action;
        this.targetType = targetType;
        this.targetId = targetId;
        this.summary = summary.length() > 1000 ? summary.substring(0, 1000) : summary;
        this.detail = detail;
    }

    public String id() { return id; }
    public Long seq() { return seq; }
    public String projectId() { return projectId; }
    public Instant occurredAt() { return occurredAt; }
    public Actor.Source source() { return source; }
    public String actor() { return actor; }
    public String action() { return action; }
    public String targetType() { return targetType; }
    public String targetId() { return targetId; }
    public String summary() { return summary; }
    public String detail() { return detail; }
}
