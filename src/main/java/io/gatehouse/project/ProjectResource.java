package io.gatehouse.project;

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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;

/** {@code /api/v1/projects}: create, list, read, rename and delete projects. */
@Path("/projects")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProjectResource {
    @Inject
    Projects projects;
    @Inject
    ApiCaller caller;
    @Inject
    ProjectDeletion deletion;

    public record ProjectJson(String id, String name, String samlToken, String defaultRoleId, Instant createdAt,
                              Instant lastModified, long version) {
        public static ProjectJson of(Project p) {
            return new ProjectJson(p.id(), p.name(), p.samlToken(), p.defaultRoleId(), p.createdAt(), p.lastModified(),
                    p.version());
        }
    }

    @POST
    public Response create(JsonNode body, @Context UriInfo uri) {
        Project project = projects.create(JsonBody.of(body).text("name"), caller.actor());
        return Response.created(uri.getAbsolutePathBuilder().path(project.id()).build())
                .header(HttpHeaders.ETAG, Versions.etag(project.version()))
                .entity(ProjectJson.of(project)).build();
    }

    @GET
    public List<ProjectJson> list() {
        return projects.list().stream().map(ProjectJson::of).toList();
    }

    @GET
    @Path("/{projectId}")
    public Response get(@PathParam("projectId") String projectId) {
        return ok(projects.get(projectId));
    }

    @PUT
    @Path("/{projectId}")
    public Response rename(@PathParam("projectId") String projectId, JsonNode body,
                           @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return ok(projects.rename(projectId, JsonBody.of(body).text("name"), Versions.fromIfMatch(ifMatch), caller.actor()));
    }

    /**
     * Deletes the project and everything in it; {@code confirm} must be the project's exact name.
     * 204 when all of it is gone (every SCIM token, SAML endpoint and session stopped at the start).
     */
    @DELETE
    @Path("/{projectId}")
    public Response delete(@PathParam("projectId") String projectId, @QueryParam("confirm") String confirm) {
        deletion.delete(projectId, confirm, caller.actor());
        return Response.noContent().build();
    }

    private static Response ok(Project project) {
        return Response.ok(ProjectJson.of(project)).header(HttpHeaders.ETAG, Versions.etag(project.version())).build();
    }
}
