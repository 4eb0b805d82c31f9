package io.gatehouse.scim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** {@code /scim/v2/ResourceTypes} (RFC 7643 6): User (with the enterprise extension) and Group. */
@jakarta.enterprise.context.RequestScoped
@Path("ResourceTypes")
public class ResourceTypesResource {
    @Context
    HttpServletRequest request;
    @Context
    HttpHeaders headers;

    @GET
    public Response list() {
        List<ObjectNode> types = List.of(user(), group());
        return Response.ok(ScimJson.write(ScimResponses.list(types.size(), 1, types))).type(ScimResponses.mediaType(headers)).build();
    }

    @GET
    @Path("{name}")
    public Response get(@PathParam("name") String name) {
        ObjectNode type = name.equals("User") ? user() : name.equals("Group") ? group() : null;
        if (type == null) {
            throw ScimProblem.notFound("No resource type " + name);
        }
        return Response.ok(ScimJson.write(type)).type(ScimResponses.mediaType(headers)).build();
    }

    private ObjectNode user() {
        ObjectNode type = type("User", "/Users", UserJson.SCHEMA);
        type.putArray("schemaExtensions").addObject().put("schema", UserJson.ENTERPRISE).put("required", false);
        return type;
    }

    private ObjectNode group() {
        return type("Group", "/Groups", GroupJson.SCHEMA);
    }

    private ObjectNode type(String name, String endpoint, String schema) {
        ObjectNode type = ScimJson.MAPPER.createObjectNode();
        type.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:ResourceType");
        type.put("id", name).put("name", name).put("endpoint", endpoint).put("schema", schema);
        type.putObject("meta").put("resourceType", "ResourceType")
                .put("location", ScimResponses.base(request) + "/ResourceTypes/" + name);
        return type;
    }
}
