package io.gatehouse.oidc;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;

/**
 * An authorization request, validated, waiting while the person signs in at the identity provider.
 * It is a row, not HTTP session state, so the sign-in may come back to any node.
 */
@Entity
@Table(name = "gh_oidc_pending")
public class PendingAuthorization {
    static final Duration LIFETIME = Duration.ofMinutes(15);

    @Id
    private String id;
    @Column(name = "project_id")
    private String projectId;
    @Column(name = "application_id")
    private String applicationId;
    @Column(name = "redirect_uri")
    private String redirectUri;
    private String scope;
    @Lob
    private String state;
    @Lob
    private String nonce;
    @Column(name = "code_challenge")
    private String codeChallenge;
    @Column(name = "force_login")
    private boolean forceLogin;
    @Column(name = "login_hint")
    private String loginHint;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "expires_at")
    private Instant expiresAt;

    protected PendingAuthorization() {
    }

    PendingAuthorization(String id, Approval request, boolean forceLogin, String loginHint) {
        this.id = id;
        this.projectId = request.projectId();
        this.applicationId = request.applicationId();
        this.redirectUri = request.redirectUri();
        this.scope = request.scope();
        this.state = request.state();
        this.nonce = request.nonce();
        this.codeChallenge = request.codeChallenge();
        this.forceLogin = forceLogin;
        this.loginHint = loginHint;
        this.createdAt = Instant.now();
        this.expiresAt = createdAt.plus(LIFETIME);
    }

    public String id() { return id; }
    public String projectId() { return projectId; }
    public boolean forceLogin() { return forceLogin; }
    public String loginHint() { return loginHint; }
    public Instant createdAt() { return createdAt; }
    public boolean expired() { return expiresAt.isBefore(Instant.now()); }

    Approval approval() {
        return new Approval(projectId, applicationId, redirectUri, scope, state, nonce, codeChallenge);
    }
}
