package io.gatehouse.oidc;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A client secret of a confidential application; only its hash is stored. Several may be valid during a rotation. */
@Entity
@Table(name = "gh_application_secret")
public class ApplicationSecret {
    @Id
    private String id;
    @Column(name = "application_id")
    private String applicationId;
    @Column(name = "secret_hash")
    private String secretHash;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "revoked_at")
    private Instant revokedAt;

    protected ApplicationSecret() {
    }

    ApplicationSecret(String id, String applicationId, String secretHash) {
        this.id = id;
        this.applicationId = applicationId;
        this.secretHash = secretHash;
        this.createdAt = Instant.now();
    }

    void revoke() {
        if (revokedAt == null) {
            revokedAt = Instant.now();
        }
    }

    public String id() { return id; }
    public String applicationId() { return applicationId; }
    public String secretHash() { return secretHash; }
    public Instant createdAt() { return createdAt; }
    public Instant revokedAt() { return revokedAt; }
    public boolean revoked() { return revokedAt != null; }
}
