package io.gatehouse.events;

import io.gatehouse.audit.Actor;
import io.gatehouse.platform.Ids;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One directory change as the project's applications receive it (feed and webhooks alike): written
 * in the change's transaction, numbered per project in commit order, never changed afterwards.
 */
@Entity
@Table(name = "gh_event")
public class Event {
    @Id
    private String id;
    @Column(name = "project_id")
    private String projectId;
    private long seq;
    private String type;
    @Column(name = "occurred_at")
    private Instant occurredAt;
    @Enumerated(EnumType.STRING)
    @Column(name = "actor_source")
    private Actor.Source actorSource;
    private String actor;
    /** The resource as the application would read it (JSON object). */
    @Lob
    private String data;

    protected Event() {
    }

    Event(String projectId, long seq, EventType type, Instant occurredAt, Actor actor, String data) {
        this.id = Ids.next();
        this.projectId = projectId;
        this.seq = seq;
        this.type = type.wireName();
        this.occurredAt = occurredAt;
        this.actorSource = actor.source();
        this.actor = actor.name();
        this.data = data;
    }

    public String id() { return id; }
    public String projectId() { return projectId; }
    public long seq() { return seq; }
    public String type() { return type; }
    public Instant occurredAt() { return occurredAt; }
    public Actor.Source actorSource() { return actorSource; }
    public String actor() { return actor; }
    public String data() { return data; }
}
