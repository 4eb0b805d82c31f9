package io.gatehouse.platform;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * {@code /metrics}: {@link Metrics} in the Prometheus text format, for a scraper holding
 * {@code GATEHOUSE_METRICS_TOKEN} as its bearer token. Without that setting the endpoint does not
 * exist (404, as any unknown page), so a deployment exposes nothing it did not choose to.
 */
@WebServlet("/metrics")
public class MetricsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    @Inject
    transient Metrics metrics;
    @Inject
    transient Database database;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<String> token = Settings.metricsToken();
        if (token.isEmpty()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        response.setHeader("Cache-Control", "no-store");
        if (!authorized(request.getHeader("Authorization"), token.get())) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setHeader("WWW-Authenticate", "Bearer realm=\"gatehouse-metrics\"");
            response.setContentType("text/plain;charset=utf-8");
            response.getOutputStream().write("The metrics need Authorization: Bearer <GATEHOUSE_METRICS_TOKEN>\n"
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        probeDatabase();
        response.setContentType(CONTENT_TYPE);
        metrics.scrape(response.getOutputStream());
    }

    /**
     * Whether the header carries the token. Both sides are hashed first, so the comparison takes the
     * same time whatever the presented value's length or first differing byte.
     */
    static boolean authorized(String header, String token) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(sha256(header.substring(7).trim()), sha256(token));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /**
     * Times what a request's first database step costs: a connection from the pool and a statement
     * (the readiness check's). The pool's own gauges are there where the pool tells ({@link PoolGauges}).
     */
    private void probeDatabase() {
        long started = System.nanoTime();
        try {
            metrics.poolOf(database.dataSource());
            database.ping();
            metrics.databaseProbed(System.nanoTime() - started);
        } catch (Exception down) {
            metrics.databaseProbed(null);
        }
    }
}
