package io.gatehouse.rp.pac4j;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import org.pac4j.core.profile.UserProfile;

/** The protected page (SecurityFilter): what the application knows about the caller, "name: value" a line. */
@WebServlet("/page")
public class PageServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        UserProfile profile = ((SecurityFilter.ProfileRequest) request).profile;
        response.setContentType("text/plain;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        PrintWriter out = response.getWriter();
        out.println("caller: " + request.getUserPrincipal().getName());
        out.println("isUserInRole(Editor): " + request.isUserInRole("Editor"));
        out.println("isUserInRole(Member): " + request.isUserInRole("Member"));
        out.println("role claim: " + profile.getAttribute("role"));
        out.println("sub: " + profile.getId());
        out.println("email: " + profile.getAttribute("email"));
    }
}
