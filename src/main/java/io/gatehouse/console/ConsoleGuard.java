package io.gatehouse.console;

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
 * request after the session timed out gets a Faces redirect there).
 */
@WebFilter("/console/*")
public class ConsoleGuard extends HttpFilter {
    static final String LOGIN_PAGE = "/console/login.xhtml";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        response.setHeader("Cache-Control", "no-store");
        if (path.equals(LOGIN_PAGE) || path.startsWith("/console/resources/") || signedIn(request.getSession(false))) {
            chain.doFilter(request, response);
            return;
        }
        String login = request.getContextPath() + LOGIN_PAGE + "?expired=true";
        if ("partial/ajax".equals(request.getHeader("Faces-Request"))) {
            // an Ajax request after the session timed out: tell Faces to go to the sign-in page
            response.setContentType("text/xml");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><partial-response><redirect url=\""
                    + login + "\"/></partial-response>");
            return;
        }
        response.sendRedirect(request.getContextPath() + LOGIN_PAGE);
    }

    private static boolean signedIn(HttpSession session) {
        return session != null && session.getAttribute(ConsoleSession.SIGNED_IN_ATTRIBUTE) != null;
    }
}
