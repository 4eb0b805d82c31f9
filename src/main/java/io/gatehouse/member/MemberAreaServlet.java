package io.gatehouse.member;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.platform.BaseUrl;
import io.gatehouse.platform.DomainException;
import io.gatehouse.platform.HtmlPage;
import io.gatehouse.platform.Secrets;
import io.gatehouse.project.Project;
import io.gatehouse.project.Projects;
import io.gatehouse.role.EffectiveRole;
import io.gatehouse.role.EffectiveRoles;
import io.gatehouse.user.User;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A project's member area, the protected resource people land on after signing in:
 * {@code /app/<projectId>/me} (who they are, their role and why; HTML, or JSON when asked),
 * {@code /login} (password sign-in of regular users) and {@code /logout}. The session and the
 * role are re-read from the database on every request.
 */
@WebServlet("/app/*")
public class MemberAreaServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String CSRF_ATTRIBUTE = "gatehouse.member.csrf";
    /** The ended SAML session whose Single Logout the SAML endpoint is to send. */
    public static final String SLO_PENDING_ATTRIBUTE = "gatehouse.member.slo.";
    /** Where an application's logout asked the browser to go once Single Logout is done (already validated). */
    public static final String AFTER_SIGN_OUT_ATTRIBUTE = "gatehouse.member.after-sign-out.";

    @Inject
    transient Projects projects;
    @Inject
    transient MemberSessions sessions;
    @Inject
    transient EffectiveRoles roles;
    @Inject
    transient PasswordSignIn passwords;

    private record Route(Project project, String page) {
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Route route = route(request);
        if (route == null) {
            notFound(response);
            return;
        }
        switch (route.page()) {
            case "me" -> me(request, response, route.project());
            case "login" -> loginForm(request, response, route.project(), null, 200);
            case "signed-out" -> signedOut(request, response, route.project());
            default -> notFound(response);
        }
    }

    private void signedOut(HttpServletRequest request, HttpServletResponse response, Project project) throws IOException {
        HttpSession http = request.getSession(false);
        Object after = http == null ? null : http.getAttribute(AFTER_SIGN_OUT_ATTRIBUTE + project.id());
        if (after != null) {
            http.removeAttribute(AFTER_SIGN_OUT_ATTRIBUTE + project.id());
            response.sendRedirect(after.toString());
            return;
        }
        HtmlPage.send(response, 200, "Signed out", "<h1>You are signed out</h1><p class=\"muted\">"
                + HtmlPage.escape(project.name()) + "</p>" + signInLinks(request, project), false);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Route route = route(request);
        if (route == null) {
            notFound(response);
            return;
        }
        switch (route.page()) {
            case "login" -> login(request, response, route.project());
            case "logout" -> logout(request, response, route.project());
            default -> notFound(response);
        }
    }

    private void me(HttpServletRequest request, HttpServletResponse response, Project project) throws IOException {
        MemberSessions.Current current = sessions.current(request, project.id());
        boolean json = wantsJson(request);
        if (!current.active()) {
            notSignedIn(request, response, project, current.state(), json);
            return;
        }
        User user = current.user();
        EffectiveRole role = roles.of(project.id(), user.id());
        if (json) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("userName", user.userName());
            body.put("givenName", user.givenName());
            body.put("familyName", user.familyName());
            body.put("role", role.roleName());
            body.put("roleReason", role.reason());
            response.setContentType("application/json");
            response.setHeader("Cache-Control", "no-store");
            JSON.writeValue(response.getOutputStream(), body);
            return;
        }
        HtmlPage.send(response, 200, "Signed in", "<h1>" + HtmlPage.escape(name(user)) + "</h1><p class=\"muted\">"
                + HtmlPage.escape(project.name()) + "</p><dl>"
                + "<dt>User name</dt><dd>" + HtmlPage.escape(user.userName()) + "</dd>"
                + "<dt>Role</dt><dd><strong>" + HtmlPage.escape(role.roleName()) + "</strong></dd>"
                + "<dt>Why</dt><dd>" + HtmlPage.escape(role.reason()) + "</dd>"
                + "<dt>Signed in with</dt><dd>" + (current.session().method() == MemberSession.Method.SAML
                ? "your identity provider" : "a password") + "</dd></dl>"
                + "<form method=\"post\" action=\"" + HtmlPage.escape(base(request, project) + "/logout") + "\">"
                + csrfField(request) + "<button class=\"secondary\">Sign out</button></form>", false);
    }

    private void notSignedIn(HttpServletRequest request, HttpServletResponse response, Project project,
                             MemberSessions.State state, boolean json) throws IOException {
        SignInFailure.Reason reason = state == MemberSessions.State.DEACTIVATED ? SignInFailure.Reason.DEACTIVATED : null;
        int status = reason == null ? 401 : reason.status();
        if (json) {
            response.setStatus(status);
            response.setContentType("application/json");
            JSON.writeValue(response.getOutputStream(), Map.of("error", reason == null ? "Not signed in" : reason.title(),
                    "signIn", BaseUrl.of(request) + "/sso/" + project.id() + "/saml/init"));
            return;
        }
        String title = reason == null ? "Sign in" : reason.title();
        String text = reason == null ? "Sign in to " + project.name() + " to continue." : reason.explanation();
        HtmlPage.send(response, status, title, "<h1>" + HtmlPage.escape(title) + "</h1><p>" + HtmlPage.escape(text) + "</p>"
                + (reason == null ? signInLinks(request, project) : ""), reason != null);
    }

    private void loginForm(HttpServletRequest request, HttpServletResponse response, Project project,
                           SignInFailure failure, int status) throws IOException {
        String error = failure == null ? "" : "<p style=\"color:#b42318\"><strong>" + HtmlPage.escape(failure.reason().title())
                + "</strong> " + HtmlPage.escape(failure.reason().explanation()) + "</p>";
        String sso = failure != null && failure.reason() == SignInFailure.Reason.USE_IDP
                ? "<a class=\"button\" href=\"" + HtmlPage.escape(ssoInit(request, project)) + "\">Sign in with your identity provider</a>"
                : "";
        HtmlPage.send(response, status, "Sign in", "<h1>Sign in</h1><p class=\"muted\">" + HtmlPage.escape(project.name())
                + "</p>" + error + sso + "<form method=\"post\" action=\"" + HtmlPage.escape(base(request, project) + "/login") + "\">"
                + csrfField(request) + continueField(project, request.getParameter("continue"))
                + "<label for=\"userName\">User name (e-mail)</label><input type=\"email\" id=\"userName\" name=\"userName\" required autocomplete=\"username\">"
                + "<label for=\"password\">Password</label><input type=\"password\" id=\"password\" name=\"password\" required autocomplete=\"current-password\">"
                + "<button>Sign in</button></form>"
                + "<p class=\"muted\" style=\"margin-top:20px\">Your company uses single sign-on? <a href=\""
                + HtmlPage.escape(ssoInit(request, project)) + "\">Sign in with your identity provider</a></p>", failure != null);
    }

    private void login(HttpServletRequest request, HttpServletResponse response, Project project) throws IOException {
        if (!csrfValid(request)) {
            loginForm(request, response, project, new SignInFailure(SignInFailure.Reason.CSRF, "CSRF token mismatch"), 403);
            return;
        }
        try {
            User user = passwords.signIn(project.id(), request.getParameter("userName"), request.getParameter("password"));
            sessions.start(request, response, project.id(), user.id(), MemberSession.Method.PASSWORD, null);
            String next = continueTo(project, request.getParameter("continue"));
            response.sendRedirect(next == null ? base(request, project) + "/me" : BaseUrl.of(request) + next);
        } catch (SignInFailure failure) {
            loginForm(request, response, project, failure, failure.reason().status());
        }
    }

    private void logout(HttpServletRequest request, HttpServletResponse response, Project project) throws IOException {
        if (!csrfValid(request)) {
            HtmlPage.send(response, 403, "Sign-out refused", "<h1>Sign-out refused</h1><p>The form expired. Reload the page and "
                    + "try again.</p>", true);
            return;
        }
        var ended = sessions.signOut(request, response, project.id(), EndReason.SIGN_OUT);
        response.sendRedirect(afterSignOut(request, project.id(), ended, null));
    }

    /**
     * Where the browser goes once a sign-out ended this session: for a SAML session, through the SAML
     * endpoint's Single Logout (it tells the identity provider, then comes back to the signed-out page,
     * which sends the browser on to {@code after} when given); otherwise straight to {@code after}, or
     * the signed-out page. One rule for the member area's sign-out and the console's (an SSO admin's).
     */
    public static String afterSignOut(HttpServletRequest request, String projectId, Optional<MemberSession> ended, String after) {
        String signedOut = BaseUrl.of(request) + "/app/" + projectId + "/signed-out";
        if (ended.isEmpty() || ended.get().method() != MemberSession.Method.SAML) {
            return after == null ? signedOut : after;
        }
        HttpSession http = request.getSession(true);
        http.setAttribute(SLO_PENDING_ATTRIBUTE + projectId, ended.get().id());
        if (after != null) {
            http.setAttribute(AFTER_SIGN_OUT_ATTRIBUTE + projectId, after);
        }
        return BaseUrl.of(request) + "/sso/" + projectId + "/saml/logout-start";
    }

    /** An authorization of the project's OpenID Connect provider waiting for this sign-in; nothing else (no open redirect). */
    private static String continueTo(Project project, String path) {
        return AuthorizationReturn.matches(project.id(), path) ? path : null;
    }


    private Route route(HttpServletRequest request) {
        String[] parts = request.getPathInfo() == null ? new String[0] : request.getPathInfo().split("/");
        if (parts.length != 3 || !parts[0].isEmpty()) {
            return null;
        }
        try {
            return new Route(projects.get(parts[1]), parts[2]);
        } catch (DomainException e) {
            return DomainException.unlessNotFound(e);
        }
    }

    private static boolean wantsJson(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains("application/json") && !accept.contains("text/html");
    }

    private static String csrfField(HttpServletRequest request) {
        HttpSession session = request.getSession(true);
        Object token = session.getAttribute(CSRF_ATTRIBUTE);
        if (token == null) {
            token = Secrets.random(24);
            session.setAttribute(CSRF_ATTRIBUTE, token);
        }
        return "<input type=\"hidden\" name=\"csrf\" value=\"" + token + "\">";
    }

    private static String continueField(Project project, String path) {
        String next = continueTo(project, path);
        return next == null ? "" : "<input type=\"hidden\" name=\"continue\" value=\"" + HtmlPage.escape(next) + "\">";
    }

    private static boolean csrfValid(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Object expected = session == null ? null : session.getAttribute(CSRF_ATTRIBUTE);
        String presented = request.getParameter("csrf");
        return expected != null && presented != null && MessageDigest.isEqual(
                expected.toString().getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    private static String signInLinks(HttpServletRequest request, Project project) {
        return "<a class=\"button\" href=\"" + HtmlPage.escape(ssoInit(request, project)) + "\">Sign in with your identity provider</a> "
                + "<p class=\"muted\"><a href=\"" + HtmlPage.escape(base(request, project) + "/login") + "\">Sign in with a password</a></p>";
    }

    private static String ssoInit(HttpServletRequest request, Project project) {
        return BaseUrl.of(request) + "/sso/" + project.id() + "/saml/init?RelayState="
                + URLEncoder.encode("/app/" + project.id() + "/me", StandardCharsets.UTF_8);
    }

    private static String base(HttpServletRequest request, Project project) {
        return BaseUrl.of(request) + "/app/" + project.id();
    }

    private static String name(User user) {
        String joined = ((user.givenName() == null ? "" : user.givenName()) + " "
                + (user.familyName() == null ? "" : user.familyName())).strip();
        return joined.isEmpty() ? user.userName() : joined;
    }

    private static void notFound(HttpServletResponse response) throws IOException {
        HtmlPage.send(response, 404, "Not found", "<h1>Not found</h1><p class=\"muted\">There is no such page.</p>", true);
    }
}
