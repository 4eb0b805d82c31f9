package io.gatehouse.platform;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code /health/live}: the application is up. {@code /health/ready}: it can serve, i.e. the database
 * answers and its schema is migrated (503 otherwise), and the node is not draining before a shutdown
 * (503 {@code {"status":"draining"}} while Tomcat's io.gatehouse.tomcat.DrainListener holds the stop
 * back, so a balancer stops sending before the node stops accepting). Neither needs credentials nor
 * shows secrets.
 */
@WebServlet(urlPatterns = {"/health/live", "/health/ready"})
public class HealthServlet extends HttpServlet {
    private static final Logger LOG = Logger.getLogger(HealthServlet.class.getName());
    /** Set by io.gatehouse.tomcat.DrainListener (Tomcat's lib): a system property crosses class loaders. */
    private static final String DRAINING = "gatehouse.draining";

    @Inject
    Database database;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        if (request.getServletPath().endsWith("/live")) {
            response.getWriter().write("{\"status\":\"UP\"}");
            return;
        }
        if (Boolean.getBoolean(DRAINING)) {
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.getWriter().write("{\"status\":\"draining\"}");
            return;
        }
        try {
            String product = database.ping();
            response.getWriter().write("{\"status\":\"UP\",\"database\":\"" + product.replace("\"", "'") + "\"}");
        } catch (Exception e) {
            LOG.log(Level.WARNING, "Not ready: " + e.getMessage());
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.getWriter().write("{\"status\":\"DOWN\",\"database\":\"unavailable\"}");
        }
    }
}
