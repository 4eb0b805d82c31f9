package io.gatehouse.oidc;

import com.nimbusds.jwt.JWTClaimsSet;
import io.gatehouse.member.EndReason;
import io.gatehouse.member.MemberAreaServlet;
import io.gatehouse.member.MemberSession;
import io.gatehouse.member.MemberSessions;
import io.gatehouse.platform.BaseUrl;
import io.gatehouse.platform.HtmlPage;
import io.gatehouse.project.Project;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): the browser's member session ends
 * (and the one the id_token_hint names), the identity provider is sent a SAML LogoutRequest as the
 * member area's sign-out does, and the browser goes to the application's registered
 * post_logout_redirect_uri. A hint Gatehouse did not sign, or a redirect URI not registered for the
 * hint's application, is refused with a page and no redirect.
 */
@ApplicationScoped
public class EndSessionEndpoint {
    private TokenSigner signer;
    private Applications applications;
    private MemberSessions sessions;

    protected EndSessionEndpoint() {
    }

    @Inject
    public EndSessionEndpoint(TokenSigner signer, Applications applications, MemberSessions sessions) {
        this.signer = signer;
        this.applications = applications;
        this.sessions = sessions;
    }

    void logout(HttpServletRequest request, HttpServletResponse response, Project project, String issuer) throws IOException {
        String hint = request.getParameter("id_token_hint");
        Optional<JWTClaimsSet> claims = Optional.empty();
        if (hint != null && !hint.isEmpty()) {
            claims = signer.verify(project.id(), hint, null, issuer); // an expired ID token is still a valid hint
            if (claims.isEmpty()) {
                OidcPages.problem(response, 400, "Sign-out request refused",
                        "The application's id_token_hint was not issued by this project's sign-in service.");
                return;
            }
        }
        String clientId = claims.map(c -> c.getAudience().isEmpty() ? null : c.getAudience().get(0))
                .orElse(request.getParameter("client_id"));
        if (claims.isPresent() && request.getParameter("client_id") != null && !request.getParameter("client_id").equals(clientId)) {
            OidcPages.problem(response, 400, "Sign-out request refused", "client_id does not match the id_token_hint's audience.");
            return;
        }
        String postLogout = request.getParameter("post_logout_redirect_uri");
        Application app = clientId == null ? null : applications.byClientId(project.id(), clientId).orElse(null);
        if (postLogout != null && (app == null || !app.allowsPostLogoutRedirect(postLogout))) {
            OidcPages.problem(response, 400, "Sign-out request refused",
                    "The address to return to after signing out is not registered for this application.");
            return;
        }
        if (claims.isEmpty() && !"POST".equals(request.getMethod())) {
            confirm(request, response, project, postLogout);
            return;
        }
        Optional<MemberSession> ended = sessions.signOut(request, response, project.id(), EndReason.RP_LOGOUT);
        claims.map(c -> c.getClaim("sid")).ifPresent(sid -> sessions.endById(project.id(), sid.toString(), EndReason.RP_LOGOUT));
        String after = postLogout == null ? BaseUrl.of(request) + "/app/" + project.id() + "/signed-out"
                : withState(postLogout, request.getParameter("state"));
        if (ended.isPresent() && ended.get().subject() != null) {
            // Single Logout at the IdP first; the member area's signed-out page then sends the browser on
            var http = request.getSession(true);
            http.setAttribute(MemberAreaServlet.SLO_PENDING_ATTRIBUTE + project.id(), ended.get().id());
            http.setAttribute(MemberAreaServlet.AFTER_SIGN_OUT_ATTRIBUTE + project.id(), after);
            response.sendRedirect(BaseUrl.of(request) + "/sso/" + project.id() + "/saml/logout-start");
            return;
        }
        response.sendRedirect(after);
    }

    /**
     * Without an id_token_hint anyone's page could sign the person out (a cross-site link): the person
     * confirms first, as RP-Initiated Logout 1.0 section 2 advises. The confirmation is a POST, which the
     * SameSite=Lax session cookie accompanies only from Gatehouse's own page.
     */
    private static void confirm(HttpServletRequest request, HttpServletResponse response, Project project, String postLogout)
            throws IOException {
        StringBuilder fields = new StringBuilder();
        for (String name : new String[] {"client_id", "post_logout_redirect_uri", "state"}) {
            String value = request.getParameter(name);
            if (value != null) {
                fields.append("<input type=\"hidden\" name=\"").append(name).append("\" value=\"").append(HtmlPage.escape(value))
                        .append("\">");
            }
        }
        response.setHeader("Cache-Control", "no-store");
        HtmlPage.send(response, 200, "Sign out", "<h1>Sign out of " + HtmlPage.escape(project.name()) + "?</h1>"
                + "<p>An application asked to sign you out.</p><form method=\"post\" action=\""
                + HtmlPage.escape(BaseUrl.of(request) + "/oidc/" + project.id() + "/logout") + "\">" + fields
                + "<button>Sign out</button></form>", false);
    }

    private static String withState(String uri, String state) {
        if (state == null || state.isEmpty()) {
            return uri;
        }
        return uri + (uri.contains("?") ? "&" : "?") + "state=" + URLEncoder.encode(state, StandardCharsets.UTF_8);
    }
}
