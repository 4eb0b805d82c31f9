package io.gatehouse.oidc;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;

/**
 * A refresh token, stored by its hash. Each use replaces it with a new one of the same family (the
 * code the chain began with); presenting a used one again means it was stolen or replayed, and the
 * whole family is revoked.
 */
@Entity
@Table(name = "gh_oidc_refresh_token")
public class RefreshToken {
    static final Duration LIFETIME = Duration.ofDays(30);

    @Id
    @Column(name = "token_hash")
    private String tokenHash;
    @Column(name = "family_id")
    private String familyId;
    @Column(name = "project_id")
    private String projectId;
    @Column(name = "application_id")
    private String applicationId;
    @Column(name = "member_session_id")
    private String memberSessionId;
    @Column(name = "user_id")
    private String userId;
    private String scope;
    @Column(name = "auth_time")
    private Instant authTime;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "expires_at")
    private Instant expiresAt;
    @Column(name = "used_at")
    private Instant usedAt;
    @Column(name = "revoked_at")
    private Instant revokedAt;

    protected RefreshToken() {
    }

    RefreshToken(String tokenHash, String familyId, Grant grant) {
        this.tokenHash = tokenHash;
        this.familyId = familyId;
        this.projectId = grant.projectId();
        this.applicationId = grant.applicationId();
        this.memberSessionId = grant.memberSessionId();
        this.userId = grant.userId();
        this.scope = grant.scope();
        this.authTime = grant.authTime();
        this.createdAt = Instant.now();
        this.expiresAt = createdAt.plus(LIFETIME);
    }

    void use() {
        usedAt = Instant.now();
    }

    public String familyId() { return familyId; }
    public String projectId() { return projectId; }
    public String applicationId() { return applicationId; }
    public boolean used() { return usedAt != null; }
    public boolean revoked() { return revokedAt != null; }
    public boolean expired() { return expiresAt.isBefore(Instant.now()); }

    Grant grant() {
        return new Grant(projectId, applicationId, memberSessionId, userId, scope, authTime, null);
    }
}
