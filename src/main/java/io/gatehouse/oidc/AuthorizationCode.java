package io.gatehouse.oidc;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;

/** An authorization code, stored by its hash: single use, valid for {@link #LIFETIME}. */
@Entity
@Table(name = "gh_oidc_code")
public class AuthorizationCode {
    static final Duration LIFETIME = Duration.ofSeconds(60);

    @Id
    @Column(name = "code_hash")
    private String codeHash;
    @Column(name = "project_id")
    private String projectId;
    @Column(name = "application_id")
    private String applicationId;
    @Column(name = "member_session_id")
    private String memberSessionId;
    @Column(name = "user_id")
    private String userId;
    @Column(name = "redirect_uri")
    private String redirectUri;
    private String scope;
    @Lob
    private String nonce;
    @Column(name = "code_challenge")
    private String codeChallenge;
    @Column(name = "auth_time")
    private Instant authTime;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "expires_at")
    private Instant expiresAt;
    @Column(name = "used_at")
    private Instant usedAt;

    protected AuthorizationCode() {
    }

    AuthorizationCode(String codeHash, Approval approval, String memberSessionId, String userId, Instant authTime) {
        this.codeHash = codeHash;
        this.projectId = approval.projectId();
        this.applicationId = approval.applicationId();
        this.redirectUri = approval.redirectUri();
        this.scope = approval.scope();
        this.nonce = approval.nonce();
        this.codeChallenge = approval.codeChallenge();
        this.memberSessionId = memberSessionId;
        this.userId = userId;
        this.authTime = authTime;
        this.createdAt = Instant.now();
        this.expiresAt = createdAt.plus(LIFETIME);
    }

    void use() {
        usedAt = Instant.now();
    }

    public String codeHash() { return codeHash; }
    public String projectId() { return projectId; }
    public String applicationId() { return applicationId; }
    public String memberSessionId() { return memberSessionId; }
    public String userId() { return userId; }
    public String redirectUri() { return redirectUri; }
    public String scope() { return scope; }
    public String nonce() { return nonce; }
    public String codeChallenge() { return codeChallenge; }
    public Instant authTime() { return authTime; }
    public boolean used() { return usedAt != null; }
    public boolean expired() { return expiresAt.isBefore(Instant.now()); }
}
