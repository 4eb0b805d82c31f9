package io.gatehouse.console;

import io.gatehouse.admin.AdminAccounts;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;

/**
 * Console pages need a signed-in administrator; everyone else is sent to the sign-in page (an Ajax
 * request after the session timed out gets a Faces redirect there). A local admin's account must
 * still exist at every request (another admin may have removed it). A project's SSO admin stays
 * inside that project, and their admin role is checked again at every request: once they are
 * deactivated, signed out by their IdP or no longer in an admin role, the console session ends.
 */
@WebFilter("/console/*")
public class ConsoleGuard extends HttpFilter {
    private static final long serialVersionUID = 1L;
    static final String LOGIN_PAGE = "/console/login.xhtml";

    @Inject
    transient ProjectAdmins admins;
    @Inject
    transient AdminAccounts accounts;

    static String projectHome(String projectId) {
        return "/console/project/overview.xhtml?p=" + projectId;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        response.setHeader("Cache-Control", "no-store");
        if (path.equals(LOGIN_PAGE) || path.startsWith("/console/resources/") || path.startsWith(IdpSignInServlet.PATH)
                || path.equals("/console/sso")) {
            chain.doFilter(request, response);
            return;
        }
        HttpSession session = request.getSession(false);
        Object admin = session == null ? null : session.getAttribute(ConsoleSession.SIGNED_IN_ATTRIBUTE);
        if (admin == null) {
            toSignIn(request, response, "expired=true");
            return;
        }
        Object project = session.getAttribute(ConsoleSession.PROJECT_ATTRIBUTE);
        if (project == null && !accounts.exists(admin.toString())) {
            session.invalidate(); // another admin removed this account
            toSignIn(request, response, "ended=true");
            return;
        }
        if (project != null) {
            if (!admins.check(request, project.toString()).admin()) {
                session.invalidate();
                toSignIn(request, response, "ended=true");
                return;
            }
            // GET only: reading a postback's parameters here would fix their encoding before Faces sets it
            String asked = "GET".equals(request.getMethod()) ? request.getParameter("p") : null;
            if (!path.startsWith("/console/project/") || (asked != null && !asked.equals(project))) {
                // the project list, project creation and other projects are for local accounts
                response.sendRedirect(request.getContextPath() + projectHome(project.toString()));
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private static void toSignIn(HttpServletRequest request, HttpServletResponse response, String why) throws IOException {
        String login = request.getContextPath() + LOGIN_PAGE;
        if ("partial/ajax".equals(request.getHeader("Faces-Request"))) {
            // an Ajax request: tell Faces to go to the sign-in page, saying why
            response.setContentType("text/xml");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><partial-response><redirect url=\""
                    + login + "?" + why + "\"/></partial-response>");
            return;
        }
        response.sendRedirect(why.startsWith("ended") ? login + "?" + why : login);
    }
}
