package io.gatehouse.oidc;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.OIDCError;
import com.nimbusds.openid.connect.sdk.Prompt;
import io.gatehouse.member.MemberSession;
import io.gatehouse.member.MemberSessions;
import io.gatehouse.project.Project;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The authorization endpoint (code flow only) and its continuation after the person signed in at
 * the identity provider. Until the client and its redirect URI are known to be the project's, an
 * error is a page (redirecting would make Gatehouse an open redirector); after that, every refusal
 * is the standard error redirect with {@code state} and {@code iss}.
 */
@ApplicationScoped
public class AuthorizeEndpoint {
    private Applications applications;
    private MemberSessions sessions;
    private Grants grants;
    private SignInRoute signIn;

    protected AuthorizeEndpoint() {
    }

    @Inject
    public AuthorizeEndpoint(Applications applications, MemberSessions sessions, Grants grants, SignInRoute signIn) {
        this.applications = applications;
        this.sessions = sessions;
        this.grants = grants;
        this.signIn = signIn;
    }

    /** Where errors may go once the client and redirect URI are trusted. */
    private record Trusted(Application app, URI redirectUri, State state) {
    }

    void authorize(HttpServletRequest request, HttpServletResponse response, Project project, String issuer) throws IOException {
        Trusted trusted = trust(request, response, project);
        if (trusted == null) {
            return;
        }
        try {
            AuthenticationRequest ar = parse(request);
            Approval approval = approve(ar, trusted);
            boolean forceLogin = ar.getPrompt() != null && ar.getPrompt().contains(Prompt.Type.LOGIN);
            MemberSessions.Current current = sessions.current(request, project.id());
            if (current.state() == MemberSessions.State.DEACTIVATED) {
                throw new OAuthRefusal(OAuth2Error.ACCESS_DENIED, "The user is deactivated");
            }
            boolean tooOld = ar.getMaxAge() >= 0 && current.active()
                    && current.session().createdAt().isBefore(Instant.now().minusSeconds(ar.getMaxAge()));
            if (current.active() && !forceLogin && !tooOld) {
                code(response, trusted, approval, current.session(), issuer);
                return;
            }
            if (ar.getPrompt() != null && ar.getPrompt().contains(Prompt.Type.NONE)) {
                throw new OAuthRefusal(OIDCError.LOGIN_REQUIRED, "No live session and prompt=none");
            }
            String hint = ar.getLoginHint();
            signIn.start(request, response, project, approval, forceLogin || tooOld, hint == null ? null : hint.strip());
        } catch (OAuthRefusal refusal) {
            error(response, trusted, refusal.error(), issuer);
        }
    }

    /** The person is back from the identity provider (or the password form): answer the stored request. */
    void resume(HttpServletRequest request, HttpServletResponse response, Project project, String pendingId, String issuer)
            throws IOException {
        Optional<PendingAuthorization> found = signIn.take(project.id(), pendingId);
        if (found.isEmpty()) {
            OidcPages.problem(response, 400, "This sign-in link has expired",
                    "Go back to the application and sign in again.");
            return;
        }
        PendingAuthorization pending = found.get();
        String failed = request.getParameter("failed");
        Approval approval = pending.approval();
        Application app = applications.find(project.id(), approval.applicationId()).orElse(null);
        if (app == null || !app.allowsRedirect(approval.redirectUri())) {
            OidcPages.problem(response, 400, "The application is no longer registered", "Ask your administrator.");
            return;
        }
        Trusted trusted = new Trusted(app, URI.create(approval.redirectUri()), approval.state() == null ? null : new State(approval.state()));
        MemberSessions.Current current = sessions.current(request, project.id());
        if (failed != null) { // the identity provider's sign-in was refused (the SAML side audited why)
            error(response, trusted, OAuth2Error.ACCESS_DENIED.setDescription("Sign-in refused: " + SignInRoute.failure(failed)), issuer);
        } else if (current.state() == MemberSessions.State.DEACTIVATED) {
            error(response, trusted, OAuth2Error.ACCESS_DENIED.setDescription("The user is deactivated"), issuer);
        } else if (!current.active() || (pending.forceLogin() && current.session().createdAt().isBefore(pending.createdAt()))) {
            error(response, trusted, OIDCError.LOGIN_REQUIRED.setDescription("The sign-in did not complete"), issuer);
        } else {
            code(response, trusted, approval, current.session(), issuer);
        }
    }

    private Trusted trust(HttpServletRequest request, HttpServletResponse response, Project project) throws IOException {
        String[] clientIds = request.getParameterValues("client_id");
        String[] redirects = request.getParameterValues("redirect_uri");
        if (clientIds == null || clientIds.length != 1 || redirects == null || redirects.length != 1) {
            OidcPages.problem(response, 400, "Invalid sign-in request",
                    "The application's request must name exactly one client_id and one redirect_uri.");
            return null;
        }
        Optional<Application> app = applications.byClientId(project.id(), clientIds[0]);
        if (app.isEmpty()) {
            OidcPages.problem(response, 400, "Unknown application",
                    "No application with this client_id is registered in this project.");
            return null;
        }
        if (!app.get().allowsRedirect(redirects[0])) {
            OidcPages.problem(response, 400, "Unregistered redirect URI",
                    "The application asked to return to an address that is not registered for it: " + redirects[0]);
            return null;
        }
        String state = request.getParameter("state");
        return new Trusted(app.get(), URI.create(redirects[0]), state == null || state.isEmpty() ? null : new State(state));
    }

    private static AuthenticationRequest parse(HttpServletRequest request) {
        for (Map.Entry<String, String[]> p : request.getParameterMap().entrySet()) {
            if (p.getValue().length > 1) {
                throw new OAuthRefusal(OAuth2Error.INVALID_REQUEST, "Parameter " + p.getKey() + " is repeated");
            }
        }
        if (!"code".equals(request.getParameter("response_type"))) { // before Nimbus, which asks an implicit request for more
            throw new OAuthRefusal(OAuth2Error.UNSUPPORTED_RESPONSE_TYPE, "Only the authorization code flow (response_type=code) is supported");
        }
        Map<String, List<String>> params = new java.util.HashMap<>();
        request.getParameterMap().forEach((k, v) -> params.put(k, List.of(v)));
        try {
            return AuthenticationRequest.parse(params);
        } catch (ParseException e) {
            ErrorObject error = e.getErrorObject() == null ? OAuth2Error.INVALID_REQUEST : e.getErrorObject();
            throw new OAuthRefusal(error, e.getMessage());
        }
    }

    private static Approval approve(AuthenticationRequest ar, Trusted trusted) {
        if (!ResponseType.CODE.equals(ar.getResponseType())) {
            throw new OAuthRefusal(OAuth2Error.UNSUPPORTED_RESPONSE_TYPE, "Only the authorization code flow (response_type=code) is supported");
        }
        if (ar.getResponseMode() != null && !ResponseMode.QUERY.equals(ar.getResponseMode())) {
            throw new OAuthRefusal(OAuth2Error.INVALID_REQUEST, "Only response_mode=query is supported");
        }
        if (ar.getRequestObject() != null || ar.getRequestURI() != null) {
            throw new OAuthRefusal(ar.getRequestURI() != null ? OAuth2Error.REQUEST_URI_NOT_SUPPORTED : OAuth2Error.REQUEST_NOT_SUPPORTED,
                    "Request objects are not supported");
        }
        if (ar.getCodeChallenge() != null && !CodeChallengeMethod.S256.equals(ar.getCodeChallengeMethod())) {
            throw new OAuthRefusal(OAuth2Error.INVALID_REQUEST, "code_challenge_method must be S256");
        }
        if (ar.getCodeChallenge() == null && trusted.app().publicClient()) {
            throw new OAuthRefusal(OAuth2Error.INVALID_REQUEST, "A public client must use PKCE (code_challenge with S256)");
        }
        String scope = ar.getScope().toString();
        if (scope.length() > 1000) {
            throw new OAuthRefusal(OAuth2Error.INVALID_SCOPE, "The scope is too long");
        }
        return new Approval(trusted.app().projectId(), trusted.app().id(), trusted.redirectUri().toString(), scope,
                trusted.state() == null ? null : trusted.state().getValue(), ar.getNonce() == null ? null : ar.getNonce().getValue(),
                ar.getCodeChallenge() == null ? null : ar.getCodeChallenge().getValue());
    }

    private void code(HttpServletResponse response, Trusted trusted, Approval approval, MemberSession session, String issuer)
            throws IOException {
        String code = grants.issueCode(approval, session, trusted.app().name(), issuer);
        URI to = new AuthorizationSuccessResponse(trusted.redirectUri(), new AuthorizationCode(code), null, trusted.state(),
                new Issuer(issuer), ResponseMode.QUERY).toURI();
        noStore(response);
        response.sendRedirect(to.toString());
    }

    private static void error(HttpServletResponse response, Trusted trusted, ErrorObject error, String issuer) throws IOException {
        URI to = new AuthorizationErrorResponse(trusted.redirectUri(), error, trusted.state(), new Issuer(issuer),
                ResponseMode.QUERY).toURI();
        noStore(response);
        response.sendRedirect(to.toString());
    }

    private static void noStore(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
    }
}
