package io.gatehouse.rp.jakarta;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The redirect URI. Soteria answers the provider's redirect here itself (it sends the browser on to
 * the original page with the code); this servlet only gives the path a resource, and answers 400 if a
 * request ever gets through to it.
 */
@WebServlet("/callback")
public class CallbackServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.sendError(400, "not a sign-in response this application expected");
    }
}
