package io.gatehouse.scim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** {@code /scim/v2/ServiceProviderConfig} (RFC 7643 5): what this service provider supports. */
@jakarta.enterprise.context.RequestScoped
@Path("ServiceProviderConfig")
public class ServiceProviderConfigResource {
    /**
     * Gatehouse's bounds on filters, as an extension (RFC 7643 3.3): the core "filter" object has only
     * supported and maxResults, and strict clients (UnboundID's) refuse other attributes in it.
     */
    static final String LIMITS = "urn:gatehouse:params:scim:schemas:extension:limits:2.0:ServiceProviderConfig";

    @Context
    HttpServletRequest request;
    @Context
    HttpHeaders headers;

    @GET
    public Response get() {
        ObjectNode config = ScimJson.MAPPER.createObjectNode();
        config.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig").add(LIMITS);
        config.put("documentationUri", "https://github.com/gatehouse/gatehouse#scim-20-provisioning");
        config.putObject("patch").put("supported", true);
        config.putObject("bulk").put("supported", false).put("maxOperations", 0).put("maxPayloadSize", ScimBodyLimit.MAX_BYTES);
        config.putObject("filter").put("supported", true).put("maxResults", ListRequest.MAX_COUNT);
        config.putObject("changePassword").put("supported", false);
        config.putObject("sort").put("supported", true);
        config.putObject("etag").put("supported", true);
        config.putArray("authenticationSchemes").addObject()
                .put("type", "oauthbearertoken").put("name", "OAuth Bearer Token")
                .put("description", "The SCIM token generated for the project in Gatehouse's console or API")
                .put("primary", true);
        config.set(LIMITS, limits());
        ObjectNode meta = config.putObject("meta");
        meta.put("resourceType", "ServiceProviderConfig");
        meta.put("location", ScimResponses.base(request) + "/ServiceProviderConfig");
        return Response.ok(ScimJson.write(config)).type(ScimResponses.mediaType(headers)).build();
    }

    private static ObjectNode limits() {
        ObjectNode limits = ScimJson.MAPPER.createObjectNode();
        limits.putObject("filter")
                .put("maxLength", FilterGuard.MAX_LENGTH)
                .put("maxDepth", FilterGuard.MAX_DEPTH)
                .put("maxTerms", FilterGuard.MAX_TERMS)
                .put("description", "A filter (or a PATCH path's value filter) longer than " + FilterGuard.MAX_LENGTH
                        + " characters, nested deeper than " + FilterGuard.MAX_DEPTH + " parentheses and brackets, with more than "
                        + FilterGuard.MAX_TERMS + " comparisons, with a '(' or '[' left open, or holding NUL or an unpaired"
                        + " surrogate is refused with 400 invalidFilter (invalidPath for a PATCH path).");
        return limits;
    }
}
