package io.gatehouse.rp.jakarta;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Test-only: POST issuer, client_id, client_secret (form) gives the relying party its provider.
 * 204 when taken, 409 with the issuer in use when it had one already; GET answers the issuer in use
 * (empty when none). Unprotected, so it never starts a sign-in.
 */
@WebServlet("/config")
public class ConfigServlet extends HttpServlet {
    @Inject
    RpSettings settings;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String issuer = request.getParameter("issuer");
        String clientId = request.getParameter("client_id");
        String clientSecret = request.getParameter("client_secret");
        if (issuer == null || clientId == null || clientSecret == null) {
            response.sendError(400, "issuer, client_id and client_secret are required");
            return;
        }
        if (settings.set(issuer, clientId, clientSecret)) {
            response.setStatus(204);
        } else {
            response.setStatus(409);
            response.setContentType("text/plain");
            response.getWriter().print(settings.getIssuer());
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        response.getWriter().print(settings.getIssuer() == null ? "" : settings.getIssuer());
    }
}
