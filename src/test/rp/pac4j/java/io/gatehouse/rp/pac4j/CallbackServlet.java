package io.gatehouse.rp.pac4j;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.pac4j.core.config.Config;
import org.pac4j.jee.context.JEEFrameworkParameters;

/**
 * The redirect URI (GET: the authorization response, then back to the page asked for) and the
 * back-channel logout URI (POST logout_token from Gatehouse: pac4j validates the logout token and
 * ends the HTTP session it recorded for the token's sid).
 */
@WebServlet("/callback")
public class CallbackServlet extends HttpServlet {
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Config config = Pac4jRp.config();
        if (config == null) {
            response.sendError(503, "not configured: POST /config first");
            return;
        }
        config.getCallbackLogic().perform(config, request.getContextPath() + "/page", true, Pac4jRp.CLIENT,
                new JEEFrameworkParameters(request, response));
    }
}
