package io.gatehouse.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The management API's error body, {@code {"status":404,"error":"not_found","message":"..."}}, and the
 * mappers that produce it. Nothing the client sends can make it return a stack trace.
 */
public record ApiError(int status, String error, String message) {
    private static final Logger LOG = Logger.getLogger(ApiError.class.getName());
    private static final Map<DomainException.Kind, Integer> STATUS = Map.of(
            DomainException.Kind.INVALID, 400,
            DomainException.Kind.NOT_FOUND, 404,
            DomainException.Kind.CONFLICT, 409,
            DomainException.Kind.PRECONDITION_FAILED, 412,
            DomainException.Kind.UNAVAILABLE, 503);

    public static Response response(int status, String message) {
        Response.ResponseBuilder answer = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(status, ErrorBodies.apiCode(status), message));
        if (status == 503) {
            answer.header("Retry-After", Database.RETRY_AFTER_SECONDS);
        }
        return answer.build();
    }

    /** Refusals of the domain. */
    public static class DomainMapper implements ExceptionMapper<DomainException> {
        @Override
        public Response toResponse(DomainException e) {
            return response(STATUS.get(e.kind()), e.getMessage());
        }
    }

    /** Malformed JSON or JSON of the wrong shape. */
    public static class JsonMapper implements ExceptionMapper<JsonProcessingException> {
        @Override
        public Response toResponse(JsonProcessingException e) {
            return response(400, "The request body is not valid JSON of the expected shape: " + e.getOriginalMessage());
        }
    }

    /** Unknown paths, wrong methods, unsupported media types and the like. */
    public static class WebMapper implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status >= 500) {
                return unexpected(e);
            }
            String reason = e.getResponse().getStatusInfo().getReasonPhrase();
            return response(status, status == 404 ? "Not found" : reason);
        }
    }

    /** Anything else: logged with a reference the caller can quote, never shown. */
    public static class UnexpectedMapper implements ExceptionMapper<Throwable> {
        @Override
        public Response toResponse(Throwable e) {
            return unexpected(e);
        }
    }

    private static Response unexpected(Throwable e) {
        if (Database.isUnavailable(e)) {
            return response(503, "The database is unavailable; retry in a few seconds");
        }
        String reference = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "Unexpected error, reference " + reference, e);
        return response(500, "Internal error (reference " + reference + ")");
    }
}
