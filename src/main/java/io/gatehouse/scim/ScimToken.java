package io.gatehouse.scim;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** A bearer token with which an identity provider provisions one project. Only its hash is stored. */
@Entity
@Table(name = "gh_scim_token")
public class ScimToken {
    @Id
    private String id;
    @Column(name = "project_id")
    private String projectId;
    private String name;
    @Column(name = "secret_hash")
    private String secretHash;
    @Column(name = "replaces_id")
    private String replacesId;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "last_used_at")
    private Instant lastUsedAt;
    @Column(name = "revoked_at")
    private Instant revokedAt;
    @Version
    private long version;

    protected ScimToken() {
    }

    ScimToken(String id, String projectId, String name, String secretHash, String replacesId) {
        this.id = id;
        this.projectId = projectId;
        this.name = name;
        this.secretHash = secretHash;
        this.replacesId = replacesId;
        this.createdAt = Instant.now();
    }

    void revoke() {
        this.revokedAt = Instant.now();
    }

    void used(Instant at) {
        this.lastUsedAt = at;
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    public String id() { return id; }
    public String projectId() { return projectId; }
    public String name() { return name; }
    String secretHash() { return secretHash; }
    public String replacesId() { return replacesId; }
    public Instant createdAt() { return createdAt; }
    public Instant lastUsedAt() { return lastUsedAt; }
    public Instant revokedAt() { return revokedAt; }
    public long version() { return version; }
}
