package io.gatehouse.role;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.admin.ApiCaller;
import io.gatehouse.platform.JsonBody;
import io.gatehouse.platform.Versions;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;

/** {@code /api/v1/projects/{id}/roles}: a project's roles. */
@Path("/projects/{projectId}/roles")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RoleResource {
    @Inject
    Roles roles;
    @Inject
    ApiCaller caller;
    @PathParam("projectId")
    String projectId;

    public record RoleJson(String id, String name, boolean admin, Instant createdAt, Instant lastModified, long version) {
        public static RoleJson of(Role r) {
            return new RoleJson(r.id(), r.name(), r.admin(), r.createdAt(), r.lastModified(), r.version());
        }
    }

    @POST
    public Response create(JsonNode json, @Context UriInfo uri) {
        JsonBody body = JsonBody.of(json);
        Role role = roles.create(projectId, body.text("name"), Boolean.TRUE.equals(body.bool("admin")), caller.actor());
        return Response.created(uri.getAbsolutePathBuilder().path(role.id()).build())
                .header(HttpHeaders.ETAG, Versions.etag(role.version())).entity(RoleJson.of(role)).build();
    }

    @GET
    public List<RoleJson> list() {
        return roles.list(projectId).stream().map(RoleJson::of).toList();
    }

    @GET
    @Path("/{roleId}")
    public Response get(@PathParam("roleId") String roleId) {
        return ok(roles.get(projectId, roleId));
    }

    @PUT
    @Path("/{roleId}")
    public Response update(@PathParam("roleId") String roleId, JsonNode json, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        JsonBody body = JsonBody.of(json);
        return ok(roles.update(projectId, roleId, body.text("name"), body.bool("admin"), Versions.fromIfMatch(ifMatch),
                caller.actor()));
    }

    @DELETE
    @Path("/{roleId}")
    public Response delete(@PathParam("roleId") String roleId) {
        roles.delete(projectId, roleId, caller.actor());
        return Response.noContent().build();
    }

    private static Response ok(Role role) {
        return Response.ok(RoleJson.of(role)).header(HttpHeaders.ETAG, Versions.etag(role.version())).build();
    }
}
