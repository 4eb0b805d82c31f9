package io.gatehouse.oidc;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One of a project's token signing keys (RSA, RS256); the id is the JWK's {@code kid}. The newest
 * key that is not retired signs; a retired key stays in the JWKS until every token it signed has
 * expired, so relying parties never meet a token whose key they cannot find.
 */
@Entity
@Table(name = "gh_oidc_key")
public class SigningKey {
    @Id
    private String id;
    @Column(name = "project_id")
    private String projectId;
    @Lob
    @Column(name = "public_jwk")
    private String publicJwk;
    /** The private JWK, encrypted with the key-encryption key (platform.KeyEncryption). */
    @Lob
    @Column(name = "private_key")
    private String privateKey;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "retired_at")
    private Instant retiredAt;

    protected SigningKey() {
    }

    SigningKey(String id, String projectId, String publicJwk, String privateKey) {
        this.id = id;
        this.projectId = projectId;
        this.publicJwk = publicJwk;
        this.privateKey = privateKey;
        this.createdAt = Instant.now();
    }

    void retire() {
        if (retiredAt == null) {
            retiredAt = Instant.now();
        }
    }

    public String id() { return id; }
    public String projectId() { return projectId; }
    public String publicJwk() { return publicJwk; }
    String privateKey() { return privateKey; }
    public Instant createdAt() { return createdAt; }
    public Instant retiredAt() { return retiredAt; }
    public boolean retired() { return retiredAt != null; }
}
