package io.gatehouse.scim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.platform.BaseUrl;
import io.gatehouse.platform.Versions;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.util.List;

/** Building SCIM responses: the media type the client accepts, ETags, Location, list envelopes. */
final class ScimResponses {
    static final String LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

    private ScimResponses() {
    }

    /** The SCIM service's base URL ({@code .../scim/v2}), honouring GATEHOUSE_BASE_URL behind a proxy. */
    static String base(HttpServletRequest request) {
        return BaseUrl.of(request) + "/scim/v2";
    }

    /** application/scim+json, unless the client accepts only application/json. */
    static String mediaType(HttpHeaders headers) {
        List<MediaType> accepted = headers.getAcceptableMediaTypes();
        boolean plainJsonOnly = accepted.stream().anyMatch(t -> t.isCompatible(MediaType.APPLICATION_JSON_TYPE) && !t.isWildcardType())
                && accepted.stream().noneMatch(t -> t.getSubtype().equalsIgnoreCase("scim+json") || t.isWildcardType());
        return plainJsonOnly ? MediaType.APPLICATION_JSON : ScimJson.SCIM_JSON;
    }

    static Response resource(int status, ObjectNode node, long version, HttpHeaders headers) {
        Response.ResponseBuilder response = Response.status(status).type(mediaType(headers))
                .entity(ScimJson.write(node)).tag(new jakarta.ws.rs.core.EntityTag(String.valueOf(version), true));
        if (status == 201 && node.path("meta").has("location")) {
            response.header(HttpHeaders.LOCATION, node.path("meta").path("location").asText());
        }
        return response.build();
    }

    static Response streamed(int status, StreamingOutput body, Long version, String location, HttpHeaders headers) {
        Response.ResponseBuilder response = Response.status(status).type(mediaType(headers)).entity(body);
        if (version != null) {
            response.header(HttpHeaders.ETAG, Versions.etag(version));
        }
        if (status == 201 && location != null) {
            response.header(HttpHeaders.LOCATION, location);
        }
        return response.build();
    }

    static ObjectNode list(long total, int startIndex, List<ObjectNode> resources) {
        ObjectNode list = ScimJson.MAPPER.createObjectNode();
        list.putArray("schemas").add(LIST_SCHEMA);
        list.put("totalResults", total);
        list.put("startIndex", startIndex);
        list.put("itemsPerPage", resources.size());
        ArrayNode items = list.putArray("Resources");
        resources.forEach(items::add);
        return list;
    }
}
