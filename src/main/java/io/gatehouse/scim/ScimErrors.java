package io.gatehouse.scim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.ScimException;
import io.gatehouse.platform.Database;
import io.gatehouse.platform.DomainException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Every SCIM failure as an RFC 7644 error body; nothing a client sends produces a stack trace. */
public final class ScimErrors {
    static final String ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
    private static final Logger LOG = Logger.getLogger(ScimErrors.class.getName());

    private ScimErrors() {
    }

    public static Response response(int status, String scimType, String detail) {
        ObjectNode body = ScimJson.MAPPER.createObjectNode();
        body.putArray("schemas").add(ERROR_SCHEMA);
        body.put("status", String.valueOf(status));
        if (scimType != null) {
            body.put("scimType", scimType);
        }
        body.put("detail", detail);
        Response.ResponseBuilder answer = Response.status(status).type(ScimJson.SCIM_JSON).entity(ScimJson.write(body));
        if (status == 503) {
            // IdPs (Entra, Okta) retry a 503 after Retry-After instead of counting the push as failed
            answer.header("Retry-After", Database.RETRY_AFTER_SECONDS);
        }
        return answer.build();
    }

    public static class ProblemMapper implements ExceptionMapper<ScimProblem> {
        @Override
        public Response toResponse(ScimProblem e) {
            return response(e.status(), e.scimType(), e.getMessage());
        }
    }

    /** Refusals from the UnboundID SDK (PATCH paths, filters) carry their own status and scimType. */
    public static class SdkMapper implements ExceptionMapper<ScimException> {
        @Override
        public Response toResponse(ScimException e) {
            var error = e.getScimError();
            int status = error.getStatus();
            return status >= 500 ? unexpected(e) : response(status, error.getScimType(), error.getDetail());
        }
    }

    public static class DomainMapper implements ExceptionMapper<DomainException> {
        @Override
        public Response toResponse(DomainException e) {
            return switch (e.kind()) {
                case INVALID -> response(400, "invalidValue", e.getMessage());
                case NOT_FOUND -> response(404, null, e.getMessage());
                case CONFLICT -> response(409, "uniqueness", e.getMessage());
                case PRECONDITION_FAILED -> response(412, null, e.getMessage());
                case UNAVAILABLE -> response(503, null, e.getMessage());
            };
        }
    }

    public static class JsonMapper implements ExceptionMapper<JsonProcessingException> {
        @Override
        public Response toResponse(JsonProcessingException e) {
            return response(400, "invalidSyntax", "The request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** Unknown paths, wrong methods and the like, in SCIM's format. */
    public static class WebMapper implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status >= 500) {
                return unexpected(e);
            }
            return response(status, null, status == 404 ? "Not found" : e.getResponse().getStatusInfo().getReasonPhrase());
        }
    }

    public static class UnexpectedMapper implements ExceptionMapper<Throwable> {
        @Override
        public Response toResponse(Throwable e) {
            return unexpected(e);
        }
    }

    private static Response unexpected(Throwable e) {
        if (Database.isUnavailable(e)) {
            return response(503, null, "The database is unavailable; retry in a few seconds");
        }
        String reference = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "Unexpected SCIM error, reference " + reference, e);
        return response(500, null, "Internal error (reference " + reference + ")");
    }
}
