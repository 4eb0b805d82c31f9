package io.gatehouse.console;

import io.gatehouse.platform.BaseUrl;
import io.gatehouse.platform.DomainException;
import io.gatehouse.platform.HtmlPage;
import io.gatehouse.project.Project;
import io.gatehouse.project.Projects;
import io.gatehouse.saml.RelayState;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Console sign-in for a project's SSO users: {@code /console/sso/<projectId>} (the link the SSO page
 * shows, or the project id typed on the sign-in page). Without a SAML session in the project it
 * sends the browser to the project's identity provider and comes back here; with one whose
 * effective role is an admin role it opens the console for that project only.
 */
@WebServlet("/console/sso/*")
public class IdpSignInServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String PATH = "/console/sso/";

    @Inject
    transient Projects projects;
    @Inject
    transient ProjectAdmins admins;
    @Inject
    transient ConsoleSession console;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        if (path.equals("/")) { // the sign-in page's form: ?project=<id>
            String typed = request.getParameter("project") == null ? "" : request.getParameter("project").strip();
            response.sendRedirect(request.getContextPath() + PATH + URLEncoder.encode(typed, StandardCharsets.UTF_8));
            return;
        }
        Project project = project(path.substring(1));
        if (project == null) {
            HtmlPage.send(response, 404, "No such project", "<h1>No such project</h1><p>There is no project with this id. "
                    + "Copy the console sign-in link from the project's Single sign-on page, or ask a Gatehouse administrator.</p>"
                    + backToSignIn(request), true);
            return;
        }
        ProjectAdmins.Check check = admins.check(request, project.id());
        switch (check.verdict()) {
            case NOT_SIGNED_IN -> response.sendRedirect(BaseUrl.of(request) + "/sso/" + project.id() + "/saml/init?RelayState="
                    + URLEncoder.encode(RelayState.consoleSignIn(project.id()), StandardCharsets.UTF_8));
            case NOT_ADMIN -> {
                admins.audit(project.id(), check);
                HtmlPage.send(response, 403, "No admin access", "<h1>No admin access</h1><p class=\"muted\">"
                        + HtmlPage.escape(project.name()) + "</p><p>You are signed in as <strong>" + HtmlPage.escape(check.user().userName())
                        + "</strong>, but your role in this project is not an admin role.</p><p class=\"muted\">"
                        + HtmlPage.escape(check.role().reason()) + ".</p><p>An administrator can put you in a group whose role is "
                        + "marked as an admin role.</p>" + backToSignIn(request), true);
            }
            case ADMIN -> {
                admins.audit(project.id(), check);
                request.changeSessionId(); // no session fixation
                console.signedInThroughIdp(request.getSession(), check.user().userName(), project.id());
                response.sendRedirect(request.getContextPath() + ConsoleGuard.projectHome(project.id()));
            }
        }
    }

    private Project project(String id) {
        try {
            return projects.get(id);
        } catch (DomainException notFound) {
            return null;
        }
    }

    private static String backToSignIn(HttpServletRequest request) {
        return "<p><a href=\"" + HtmlPage.escape(request.getContextPath() + ConsoleGuard.LOGIN_PAGE) + "\">Back to the console sign-in</a></p>";
    }
}
