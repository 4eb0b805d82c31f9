package io.gatehouse.platform;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An HTTP session as every node reads it ({@link SharedSessions}): keyed by the SHA-256 of its cookie,
 * its attributes serialized one by one into one Base64 map ({@link SessionAttributes}).
 */
@Entity
@Table(name = "gh_http_session")
public class StoredSession {
    @Id
    private String id;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "last_access")
    private Instant lastAccess;
    @Column(name = "max_inactive")
    private int maxInactive;
    /** last_access + max_inactive (far ahead for a session that never expires), for the purge's index. */
    @Column(name = "expires_at")
    private Instant expiresAt;
    private String attributes;

    protected StoredSession() {
    }

    StoredSession(String id, Instant createdAt, Instant lastAccess, int maxInactive, String attributes) {
        this.id = id;
        this.createdAt = createdAt;
        this.lastAccess = lastAccess;
        this.attributes = attributes;
        touch(lastAccess, maxInactive);
    }

    String id() {
        return id;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant lastAccess() {
        return lastAccess;
    }

    int maxInactive() {
        return maxInactive;
    }

    String attributes() {
        return attributes;
    }

    boolean expired(Instant now) {
        return expiresAt.isBefore(now);
    }

    void update(String attributes, Instant lastAccess, int maxInactive) {
        this.attributes = attributes;
        touch(lastAccess, maxInactive);
    }

    /** A non-positive limit never expires, as the Servlet API says: a hundred years is as good. */
    private void touch(Instant at, int seconds) {
        this.lastAccess = at;
        this.maxInactive = seconds;
        this.expiresAt = at.plusSeconds(seconds > 0 ? seconds : 100L * 365 * 24 * 3600);
    }
}
