package io.gatehouse.oidc;

import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import io.gatehouse.audit.Actor;
import io.gatehouse.audit.AuditLog;
import io.gatehouse.group.Groups;
import io.gatehouse.member.MemberSession;
import io.gatehouse.platform.Database;
import io.gatehouse.platform.Secrets;
import io.gatehouse.project.Project;
import io.gatehouse.role.EffectiveRoles;
import io.gatehouse.user.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.function.Function;

/**
 * The grants of the token endpoint, each in one transaction: an authorization code for tokens
 * (once, within 60 s, by the application it was issued to, with its redirect URI and PKCE verifier)
 * and a refresh token for new tokens (rotated on every use). Both re-read the person: a deactivated
 * user or an ended session gets {@code invalid_grant}. A code or refresh token presented a second
 * time revokes every refresh token descended from it; that revocation is committed before the
 * refusal is answered. The client credentials grant gives a confidential application a token of its
 * own for reading the project's directory ({@link ApplicationCredential}).
 */
@ApplicationScoped
public class Grants {
    private Database database;
    private TokenMinter minter;
    private Groups groups;
    private EffectiveRoles roles;
    private AuditLog audit;

    protected Grants() {
    }

    @Inject
    public Grants(Database database, TokenMinter minter, Groups groups, EffectiveRoles roles, AuditLog audit) {
        this.database = database;
        this.minter = minter;
        this.groups = groups;
        this.roles = roles;
        this.audit = audit;
    }

    /** A new authorization code for a person signed in to an application; remembers that the session used it. */
    public String issueCode(Approval approval, MemberSession session, String applicationName, String issuer) {
        String code = Secrets.random(32);
        database.writing(em -> {
            em.persist(new AuthorizationCode(Secrets.hash(code), approval, session.id(), session.userId(), session.createdAt()));
            if (em.find(SessionApplication.class, new SessionApplication.Key(session.id(), approval.applicationId())) == null) {
                em.persist(new SessionApplication(session.id(), approval.applicationId(), issuer));
            }
            User user = em.find(User.class, session.userId());
            audit.record(em, approval.projectId(), Actor.signIn(user.userName()), AuditLog.Entry.of("oidc.authorize", "application",
                    approval.applicationId(), "Signed in to application \"" + applicationName + "\" as " + user.userName()));
        });
        return code;
    }

    IssuedTokens exchangeCode(Function<EntityManager, Application> client, Project project, String code, String redirectUri,
                              CodeVerifier verifier, String issuer) {
        return settle(em -> {
            Application app = client.apply(em);
            AuthorizationCode stored = code == null ? null
                    : em.find(AuthorizationCode.class, Secrets.hash(code), LockModeType.PESSIMISTIC_WRITE);
            if (stored == null || !stored.applicationId().equals(app.id())) {
                return refusal("The authorization code is unknown or was issued to another client");
            }
            if (stored.used()) {
                revokeFamily(em, stored.codeHash());
                return refusal("The authorization code was already used; the tokens issued for it are revoked");
            }
            stored.use();
            if (stored.expired()) {
                return refusal("The authorization code has expired");
            }
            if (!stored.redirectUri().equals(redirectUri)) {
                return refusal("redirect_uri differs from the one of the authorization request");
            }
            String pkce = pkceProblem(stored.codeChallenge(), verifier);
            if (pkce != null) {
                return refusal(pkce);
            }
            Grant grant = new Grant(app.projectId(), app.id(), stored.memberSessionId(), stored.userId(), stored.scope(),
                    stored.authTime(), stored.nonce());
            return tokens(em, grant, app, project, issuer, stored.codeHash());
        });
    }

    IssuedTokens refresh(Function<EntityManager, Application> client, Project project, String refreshToken, String issuer) {
        return settle(em -> {
            Application app = client.apply(em);
            RefreshToken stored = refreshToken == null ? null
                    : em.find(RefreshToken.class, Secrets.hash(refreshToken), LockModeType.PESSIMISTIC_WRITE);
            if (stored == null || !stored.applicationId().equals(app.id())) {
                return refusal("The refresh token is unknown or was issued to another client");
            }
            if (stored.revoked()) {
                return refusal("The refresh token is revoked");
            }
            if (stored.used()) {
                revokeFamily(em, stored.familyId());
                return refusal("The refresh token was already used; every token of its family is revoked");
            }
            stored.use();
            if (stored.expired()) {
                return refusal("The refresh token has expired");
            }
            return tokens(em, stored.grant(), app, project, issuer, stored.familyId());
        });
    }

    /**
     * RFC 6749 4.4: the client authenticated, then the grant allowed to it (confidential applications
     * only) and the scope checked. Nothing is written: the token is its own record.
     */
    IssuedTokens clientCredentials(Function<EntityManager, Application> client, Scope requested, String issuer,
                                   String audience) {
        Application app = database.read(client::apply);
        if (app.publicClient()) {
            throw new OAuthRefusal(OAuth2Error.UNAUTHORIZED_CLIENT, ApplicationCredential.PUBLIC_CLIENT);
        }
        return minter.applicationToken(app, issuer, audience, ApplicationCredential.granted(requested));
    }

    private Object tokens(EntityManager em, Grant grant, Application app, Project project, String issuer, String familyId) {
        User user = em.find(User.class, grant.userId());
        MemberSession session = em.find(MemberSession.class, grant.memberSessionId());
        if (user == null || !user.active()) {
            revokeFamily(em, familyId);
            return refusal("The user is deactivated or deleted");
        }
        if (session == null || session.ended()) {
            revokeFamily(em, familyId);
            return refusal("The user's session has ended (signed out)");
        }
        return minter.mint(em, grant, app, Person.read(em, groups, roles, project, user), issuer, familyId);
    }

    /** RFC 7636 with S256 only; a verifier without a challenge is refused too (no PKCE downgrade). */
    private static String pkceProblem(String challenge, CodeVerifier verifier) {
        if (challenge == null) {
            return verifier == null ? null : "code_verifier sent, but the authorization request had no code_challenge";
        }
        if (verifier == null) {
            return "code_verifier is required: the authorization request had a code_challenge";
        }
        boolean matches = java.security.MessageDigest.isEqual(
                CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue().getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                challenge.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return matches ? null : "code_verifier does not match the code_challenge";
    }

    /**
     * Whether a grant family still stands: some refresh token of it is not revoked (every exchange
     * and refresh stores one, and a replay revokes them all). An access token from before families
     * were named in it (no claim) is judged by its other checks alone.
     */
    static boolean familyLive(EntityManager em, Object familyId) {
        if (familyId == null) {
            return true;
        }
        return em.createQuery("SELECT COUNT(t) FROM RefreshToken t WHERE t.familyId = :f AND t.revokedAt IS NULL", Long.class)
                .setParameter("f", familyId.toString()).getSingleResult() > 0;
    }

    static void revokeFamily(EntityManager em, String familyId) {
        em.createQuery("UPDATE RefreshToken t SET t.revokedAt = :now WHERE t.familyId = :f AND t.revokedAt IS NULL")
                .setParameter("now", Instant.now()).setParameter("f", familyId).executeUpdate();
    }

    private record Refused(String description) {
    }

    private static Refused refusal(String description) {
        return new Refused(description);
    }

    /**
     * Runs the grant and commits what it wrote, also when the answer is a refusal (the revocations must stay).
     * A client that fails to authenticate throws before anything is written.
     */
    private IssuedTokens settle(Function<EntityManager, Object> grant) {
        Object outcome = database.write(grant::apply);
        if (outcome instanceof Refused refused) {
            throw new OAuthRefusal(OAuth2Error.INVALID_GRANT, refused.description());
        }
        return (IssuedTokens) outcome;
    }
}
