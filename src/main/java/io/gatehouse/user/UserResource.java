package io.gatehouse.user;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.admin.ApiCaller;
import io.gatehouse.group.Group;
import io.gatehouse.platform.JsonBody;
import io.gatehouse.platform.Page;
import io.gatehouse.platform.Versions;
import io.gatehouse.role.EffectiveRole;
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

/** {@code /api/v1/projects/{id}/users}: regular users, and every user with their effective role and why. */
@Path("/projects/{projectId}/users")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class UserResource {
    @Inject
    Users users;
    @Inject
    ApiCaller caller;
    @PathParam("projectId")
    String projectId;

    public record GroupRef(String id, String displayName, String roleId) {
    }

    public record UserJson(String id, String userName, String externalId, String givenName, String familyName,
                           String displayName, String email, boolean active, Origin origin, boolean sso, boolean synced,
                           String effectiveRoleId, String effectiveRole, String roleReason, String roleFromGroupId,
                           List<GroupRef> groups, Instant createdAt, Instant lastModified, long version) {
        public static UserJson of(User u, EffectiveRole role, List<Group> groups) {
            return new UserJson(u.id(), u.userName(), u.externalId(), u.givenName(), u.familyName(), u.displayName(),
                    u.email(), u.active(), u.origin(), u.origin().sso(), u.origin() == Origin.SYNCED,
                    role == null ? null : role.roleId(), role == null ? null : role.roleName(),
                    role == null ? null : role.reason(), role == null ? null : role.groupId(),
                    groups == null ? null : groups.stream().map(g -> new GroupRef(g.id(), g.displayName(), g.roleId())).toList(),
                    u.createdAt(), u.lastModified(), u.version());
        }
    }

    @POST
    public Response create(JsonNode json, @Context UriInfo uri) {
        JsonBody body = JsonBody.of(json);
        User user = users.createRegular(projectId, new Users.NewRegularUser(body.text("userName"), body.text("givenName"),
                body.text("familyName"), body.text("password")), caller.actor());
        Users.Detail detail = users.get(projectId, user.id());
        return Response.created(uri.getAbsolutePathBuilder().path(user.id()).build())
                .header(HttpHeaders.ETAG, Versions.etag(user.version()))
                .entity(UserJson.of(detail.user(), detail.role(), detail.groups())).build();
    }

    @GET
    public Page<UserJson> list(@QueryParam("userName") String userName, @QueryParam("search") String search,
                               @QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        Users.Query query = new Users.Query(blankToNull(userName), blankToNull(search), Page.offset(offset), Page.limit(limit, 50));
        return users.list(projectId, query).map(listed -> UserJson.of(listed.user(), listed.role(), null));
    }

    @GET
    @Path("/{userId}")
    public Response get(@PathParam("userId") String userId) {
        Users.Detail detail = users.get(projectId, userId);
        return Response.ok(UserJson.of(detail.user(), detail.role(), detail.groups()))
                .header(HttpHeaders.ETAG, Versions.etag(detail.user().version())).build();
    }

    @PUT
    @Path("/{userId}")
    public Response update(@PathParam("userId") String userId, JsonNode json,
                           @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        JsonBody body = JsonBody.of(json);
        Users.Change change = new Users.Change(body.text("givenName"), body.text("familyName"), body.text("displayName"),
                body.bool("active"), body.text("password"));
        users.update(projectId, userId, change, Versions.fromIfMatch(ifMatch), caller.actor());
        return get(userId);
    }

    @DELETE
    @Path("/{userId}")
    public Response delete(@PathParam("userId") String userId) {
        users.delete(projectId, userId, caller.actor());
        return Response.noContent().build();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
