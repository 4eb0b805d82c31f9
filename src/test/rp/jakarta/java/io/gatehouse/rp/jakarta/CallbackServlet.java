package io.gatehouse.rp.jakarta;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The redirect URI. Soteria answers an authorization response with a code here itself (it sends the
 * browser on to the original page); what reaches this servlet is a response Soteria left alone: an
 * OAuth error (the provider refused the sign-in) is shown as 403 with its error code, anything else 400.
 */
@WebServlet("/callback")
public class CallbackServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String error = request.getParameter("error");
        response.setContentType("text/plain;charset=UTF-8");
        if (error != null) {
            response.setStatus(403);
            response.getWriter().print("sign-in refused: " + error);
        } else {
            response.setStatus(400);
            response.getWriter().print("not a sign-in response this application expected");
        }
    }
}
