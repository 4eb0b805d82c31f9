package io.gatehouse.admin;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** A key for the management API. Only its hash is stored; the bootstrap key has the id "bootstrap". */
@Entity
@Table(name = "gh_admin_api_key")
public class AdminApiKey {
    static final String BOOTSTRAP_ID = "bootstrap";

    @Id
    private String id;
    private String name;
    @Column(name = "secret_hash")
    private String secretHash;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "last_used_at")
    private Instant lastUsedAt;
    @Column(name = "revoked_at")
    private Instant revokedAt;
    @Version
    private long version;

    protected AdminApiKey() {
    }

    AdminApiKey(String id, String name, String secretHash) {
        this.id = id;
        this.name = name;
        this.secretHash = secretHash;
        this.createdAt = Instant.now();
    }

    void secretHash(String newHash) {
        this.secretHash = newHash;
        this.revokedAt = null;
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
    public String name() { return name; }
    String secretHash() { return secretHash; }
    public Instant createdAt() { return createdAt; }
    public Instant lastUsedAt() { return lastUsedAt; }
    public Instant revokedAt() { return revokedAt; }
}
