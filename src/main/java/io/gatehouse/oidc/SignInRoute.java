package io.gatehouse.oidc;

import com.nimbusds.oauth2.sdk.OAuth2Error;
import io.gatehouse.member.AuthorizationReturn;
import io.gatehouse.member.SignInFailure;
import io.gatehouse.platform.BaseUrl;
import io.gatehouse.platform.Database;
import io.gatehouse.platform.Ids;
import io.gatehouse.platform.Names;
import io.gatehouse.project.Project;
import io.gatehouse.saml.SamlSettings;
import io.gatehouse.user.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * Sends a person without a live session to sign in, with the authorization request kept in the
 * database meanwhile: to the project's SAML SP-initiated sign-in (ForceAuthn for prompt=login), or,
 * for a regular user named by login_hint who still signs in with a password, to the password form.
 * Both come back to {@code <issuer>/continue/<id>}.
 */
@ApplicationScoped
public class SignInRoute {
    private Database database;

    protected SignInRoute() {
    }

    @Inject
    public SignInRoute(Database database) {
        this.database = database;
    }

    void start(HttpServletRequest request, HttpServletResponse response, Project project, Approval approval, boolean forceLogin,
               String loginHint) throws IOException {
        String hint = loginHint == null || loginHint.isEmpty() || loginHint.length() > 320 ? null : loginHint;
        boolean idp = database.read(em -> {
            SamlSettings settings = em.find(SamlSettings.class, project.id());
            return settings != null && settings.effectiveIdpMetadata() != null;
        });
        boolean password = hint != null && passwordUser(project.id(), hint);
        if (!idp && !password) {
            throw new OAuthRefusal(OAuth2Error.ACCESS_DENIED, "The project has no identity provider configured");
        }
        String id = Ids.next();
        database.writing(em -> {
            em.createQuery("DELETE FROM PendingAuthorization p WHERE p.expiresAt < :now").setParameter("now", Instant.now())
                    .executeUpdate();
            em.persist(new PendingAuthorization(id, approval, forceLogin, hint));
        });
        String back = AuthorizationReturn.path(project.id(), id);
        String base = BaseUrl.of(request);
        response.setHeader("Cache-Control", "no-store");
        if (password) {
            response.sendRedirect(base + "/app/" + project.id() + "/login?continue=" + encode(back));
        } else {
            response.sendRedirect(base + "/sso/" + project.id() + "/saml/init?RelayState=" + encode(back)
                    + (forceLogin ? "&ForceAuthn=true" : ""));
        }
    }

    /** The pending request, once: it is removed as it is read, and only when it is the project's and not expired. */
    Optional<PendingAuthorization> take(String projectId, String id) {
        if (id == null || id.length() > 36) {
            return Optional.empty();
        }
        return database.write(em -> {
            PendingAuthorization pending = em.find(PendingAuthorization.class, id);
            if (pending == null || !pending.projectId().equals(projectId)) {
                return Optional.empty();
            }
            em.remove(pending);
            return pending.expired() ? Optional.empty() : Optional.of(pending);
        });
    }

    /** The title of the refusal the SAML side reported (a SignInFailure reason name), for the error description. */
    static String failure(String reasonName) {
        try {
            return SignInFailure.Reason.valueOf(reasonName).title();
        } catch (IllegalArgumentException unknown) {
            return "the identity provider's sign-in did not succeed";
        }
    }

    private boolean passwordUser(String projectId, String userName) {
        return database.read(em -> em.createQuery("SELECT u FROM User u WHERE u.projectId = :p AND u.userNameKey = :k", User.class)
                .setParameter("p", projectId).setParameter("k", Names.key(userName)).getResultStream().findFirst()
                .map(u -> u.passwordHash() != null && !u.origin().sso()).orElse(false));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
