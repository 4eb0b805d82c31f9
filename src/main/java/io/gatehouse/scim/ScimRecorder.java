package io.gatehouse.scim;

import io.gatehouse.platform.Metrics;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;

/**
 * Copies every SCIM request and its answer into the {@link ScimRequestLog}, when the request carried
 * a valid token (the log is per project; {@link ScimAuthFilter} names the token), and times every
 * one, refused or not, in the metrics by resource, method and status. A servlet filter rather than a
 * JAX-RS one so it sees the bytes on the wire and the answers of every mapper.
 */
@WebFilter(urlPatterns = "/scim/v2/*", asyncSupported = true)
public class ScimRecorder extends HttpFilter {
    private static final long serialVersionUID = 1L;
    /** Request attribute: the {@link ScimToken} the request authenticated with. */
    static final String TOKEN = ScimRecorder.class.getName() + ".token";
    private static final String PREFIX = "/scim/v2";
    private static final Set<String> RESOURCES = Set.of("Users", "Groups", "Schemas", "ResourceTypes",
            "ServiceProviderConfig", "Bulk", "Me");
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

    @Inject
    transient ScimRequestLog log;
    @Inject
    transient Metrics metrics;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long started = System.nanoTime();
        boolean failed = true;
        try {
            if (log.enabled()) {
                logged(request, response, chain, started);
            } else {
                chain.doFilter(request, response);
            }
            failed = false;
        } finally {
            metrics.time("gatehouse.scim.requests", System.nanoTime() - started, "resource", resource(request),
                    "method", method(request), "status", failed ? "500" : String.valueOf(response.getStatus()));
        }
    }

    private void logged(HttpServletRequest request, HttpServletResponse response, FilterChain chain, long started)
            throws IOException, ServletException {
        Instant at = Instant.now();
        BodyCopy.Request copiedRequest = new BodyCopy.Request(request);
        BodyCopy.Response copiedResponse = new BodyCopy.Response(response);
        boolean failed = true;
        try {
            chain.doFilter(copiedRequest, copiedResponse);
            copiedResponse.finish();
            failed = false;
        } finally {
            if (request.getAttribute(TOKEN) instanceof ScimToken token) {
                long latencyMs = (System.nanoTime() - started) / 1_000_000;
                log.add(new ScimRequestLog.Entry(token.projectId(), token.id(), at, request.getMethod(), path(request),
                        failed ? 500 : response.getStatus(), latencyMs, copiedRequest.body.bytes(), copiedRequest.body.total(),
                        copiedResponse.body.bytes(), copiedResponse.body.total()));
            }
        }
    }

    /**
     * The metrics' resource label: the endpoint (Users, Groups, Schemas...) without the id after it, so
     * the label has a handful of values whatever clients send; "search" for a search at the root.
     */
    static String resource(HttpServletRequest request) {
        String uri = request.getRequestURI().substring(request.getContextPath().length());
        String rest = uri.startsWith(PREFIX) ? uri.substring(PREFIX.length()) : "";
        String name = (rest.startsWith("/") ? rest.substring(1) : rest).split("[/;]", 2)[0];
        return name.isEmpty() ? "none" : ".search".equals(name) ? "search" : RESOURCES.contains(name) ? name : "other";
    }

    /** The metrics' method label: the SCIM methods and HEAD/OPTIONS as they are, anything else "other". */
    static String method(HttpServletRequest request) {
        String method = request.getMethod();
        return METHODS.contains(method) ? method : "other";
    }

    /** The path after /scim/v2 with its query string, decoded for reading (it is never parsed again). */
    static String path(HttpServletRequest request) {
        String uri = request.getRequestURI().substring(request.getContextPath().length());
        String path = uri.startsWith(PREFIX) ? uri.substring(PREFIX.length()) : uri;
        String query = request.getQueryString();
        return decode(path.replace("+", "%2B")) + (query == null ? "" : "?" + decode(query));
    }

    /** Percent-decoded, and "+" as a space in a query string; undecodable text as it came. */
    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException undecodable) {
            return raw;
        }
    }
}
