package io.gatehouse.rp.pac4j;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Test-only: POST issuer, client_id, client_secret (form) gives the relying party its provider (204);
 * GET answers how many sessions back-channel logouts have ended so far.
 */
@WebServlet("/config")
public class ConfigServlet extends HttpServlet {
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String issuer = request.getParameter("issuer");
        String clientId = request.getParameter("client_id");
        String clientSecret = request.getParameter("client_secret");
        if (issuer == null || clientId == null || clientSecret == null) {
            response.sendError(400, "issuer, client_id and client_secret are required");
            return;
        }
        String base = request.getRequestURL().toString();
        base = base.substring(0, base.length() - request.getServletPath().length());
        Pac4jRp.configure(issuer, clientId, clientSecret, base + "/callback");
        response.setStatus(204);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.getWriter().print("back-channel logouts: " + Pac4jRp.BACK_CHANNEL_LOGOUTS.get());
    }
}
