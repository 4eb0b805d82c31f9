package io.gatehouse.platform;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The error body a client of {@code /scim/v2} or {@code /api/v1} expects for a bare status code: SCIM's
 * error JSON (RFC 7644 section 3.12) or the management API's {@code {"status","error","message"}}.
 * Used where no resource method answered: the web application's error page (the container's own
 * errors, such as an unmapped path or a method it refuses) and the Tomcat valve that answers errors
 * raised before any application is chosen (an undecodable URI, over-long headers). Plain JDK on
 * purpose: the valve runs in Tomcat's own class loader. The messages are fixed per status and
 * never echo the request, so no JSON escaping is needed.
 */
public final class ErrorBodies {
    /** {@code /scim/v2} or {@code /api/v1} as the first or second path segment (the context path). */
    private static final Pattern SCIM = Pattern.compile("^(/[^/?#]*)?/scim/v2([/?#].*)?$");
    private static final Pattern API = Pattern.compile("^(/[^/?#]*)?/api/v1([/?#].*)?$");
    public static final String SCIM_ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

    private ErrorBodies() {
    }

    public record Body(String contentType, String json) {
    }

    /** The body for an error on this request path, or empty when the path is neither protocol's. */
    public static Optional<Body> forPath(String requestUri, int status) {
        if (requestUri == null) {
            return Optional.empty();
        }
        if (SCIM.matcher(requestUri).matches()) {
            // a 400 here is a value the server cannot take in the URI or headers (an undecodable escape, NUL,
            // an encoded slash, a header over the limit): invalidValue, as Gatehouse's own refusals of them say
            String scimType = status == 400 ? ",\"scimType\":\"invalidValue\"" : "";
            return Optional.of(new Body("application/scim+json;charset=UTF-8", "{\"schemas\":[\"" + SCIM_ERROR_SCHEMA
                    + "\"],\"status\":\"" + status + "\"" + scimType + ",\"detail\":\"" + message(status) + "\"}"));
        }
        if (API.matcher(requestUri).matches()) {
            return Optional.of(new Body("application/json;charset=UTF-8", "{\"status\":" + status + ",\"error\":\""
                    + apiCode(status) + "\",\"message\":\"" + message(status) + "\"}"));
        }
        return Optional.empty();
    }

    /** The management API's {@code error} code for a status. */
    public static String apiCode(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 409 -> "conflict";
            case 412 -> "precondition_failed";
            case 413 -> "payload_too_large";
            case 414 -> "uri_too_long";
            case 415 -> "unsupported_media_type";
            case 431 -> "headers_too_large";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal_error" : "error";
        };
    }

    static String message(int status) {
        return switch (status) {
            case 400 -> "The request is malformed: its URI, headers or syntax could not be read";
            case 401 -> "Authentication required";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 406 -> "Not acceptable";
            case 408 -> "Request timeout";
            case 411 -> "Content-Length required";
            case 413 -> "The request body is too large";
            case 414 -> "The request URI is too long";
            case 415 -> "Unsupported media type";
            case 431 -> "The request headers are too large";
            case 501 -> "Not implemented";
            case 503 -> "Service unavailable, retry later";
            default -> status >= 500 ? "Internal error" : "Request refused (HTTP " + status + ")";
        };
    }
}
