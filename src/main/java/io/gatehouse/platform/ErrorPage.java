package io.gatehouse.platform;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The web application's one error page (web.xml maps every status and exception here): errors on
 * {@code /scim/v2} and {@code /api/v1} that no resource method answered, such as a path the
 * container could not map, a method it refuses or an exception thrown in a filter, come out in that
 * protocol's JSON; everything else gets the readable {@code error.html}. Never a stack trace.
 */
@WebServlet("/error")
public class ErrorPage extends HttpServlet {
    private volatile byte[] html;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        int status = status(request, response);
        String uri = (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        Optional<ErrorBodies.Body> body = ErrorBodies.forPath(uri == null ? request.getRequestURI() : uri, status);
        response.setStatus(status);
        if (status == 503) {
            response.setHeader("Retry-After", String.valueOf(Database.RETRY_AFTER_SECONDS));
        }
        if (body.isPresent()) {
            response.setContentType(body.get().contentType());
            response.getOutputStream().write(body.get().json().getBytes(StandardCharsets.UTF_8));
        } else {
            response.setContentType("text/html;charset=UTF-8");
            response.getOutputStream().write(html());
        }
    }

    /**
     * The status the error dispatch carries; an exception without one is a 500, except that the
     * database being unavailable is a 503 (with Retry-After), as in the protocols' own mappers.
     */
    private static int status(HttpServletRequest request, HttpServletResponse response) {
        Object thrown = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (thrown instanceof Throwable t && Database.isUnavailable(t)) {
            return 503;
        }
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : response.getStatus();
        return status >= 400 ? status : 500;
    }

    private byte[] html() throws IOException {
        byte[] page = html;
        if (page == null) {
            try (InputStream in = getServletContext().getResourceAsStream("/error.html")) {
                page = in == null ? "<!DOCTYPE html><title>Gatehouse</title><p>Page not available</p>"
                        .getBytes(StandardCharsets.UTF_8) : in.readAllBytes();
            }
            html = page;
        }
        return page;
    }
}
