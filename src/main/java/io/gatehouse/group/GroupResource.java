package io.gatehouse.group;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.admin.ApiCaller;
import io.gatehouse.platform.JsonBody;
import io.gatehouse.platform.Page;
import io.gatehouse.platform.Versions;
import io.gatehouse.user.User;
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

/** {@code /api/v1/projects/{id}/groups}: a project's groups, the role each gives, and members. */
@Path("/projects/{projectId}/groups")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class GroupResource {
    @Inject
    Groups groups;
    @Inject
    ApiCaller caller;
    @PathParam("projectId")
    String projectId;

    public record GroupJson(String id, String displayName, String externalId, String roleId, int priority,
                            ManagedBy managedBy, Long memberCount, Instant createdAt, Instant lastModified, long version) {
        public static GroupJson of(Group g, Long memberCount) {
            return new GroupJson(g.id(), g.displayName(), g.externalId(), g.roleId(), g.priority(), g.managedBy(),
                    memberCount, g.createdAt(), g.lastModified(), g.version());
        }
    }

    public record MemberJson(String id, String userName) {
    }

    @GET
    public List<GroupJson> list() {
        return groups.list(projectId).stream().map(s -> GroupJson.of(s.group(), s.memberCount())).toList();
    }

    @POST
    public Response create(JsonNode json, @Context UriInfo uri) {
        JsonBody body = JsonBody.of(json);
        Group group = groups.create(projectId, body.text("displayName"), body.text("roleId"), caller.actor());
        return Response.created(uri.getAbsolutePathBuilder().path(group.id()).build())
                .header(HttpHeaders.ETAG, Versions.etag(group.version())).entity(GroupJson.of(group, 0L)).build();
    }

    @GET
    @Path("/{groupId}")
    public Response get(@PathParam("groupId") String groupId) {
        Groups.Summary summary = groups.get(projectId, groupId);
        return Response.ok(GroupJson.of(summary.group(), summary.memberCount()))
                .header(HttpHeaders.ETAG, Versions.etag(summary.group().version())).build();
    }

    @PUT
    @Path("/{groupId}")
    public Response update(@PathParam("groupId") String groupId, JsonNode json,
                           @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        JsonBody body = JsonBody.of(json);
        Groups.Change change = new Groups.Change(body.text("displayName"), body.has("roleId"), body.text("roleId"));
        Group group = groups.update(projectId, groupId, change, Versions.fromIfMatch(ifMatch), caller.actor());
        return Response.ok(GroupJson.of(group, null)).header(HttpHeaders.ETAG, Versions.etag(group.version())).build();
    }

    @DELETE
    @Path("/{groupId}")
    public Response delete(@PathParam("groupId") String groupId) {
        groups.delete(projectId, groupId, caller.actor());
        return Response.noContent().build();
    }

    @GET
    @Path("/{groupId}/members")
    public Page<MemberJson> members(@PathParam("groupId") String groupId, @QueryParam("offset") String offset,
                                    @QueryParam("limit") String limit) {
        Page<User> page = groups.members(projectId, groupId, Page.offset(offset), Page.limit(limit, 100));
        return page.map(u -> new MemberJson(u.id(), u.userName()));
    }

    @POST
    @Path("/{groupId}/members")
    public Response addMember(@PathParam("groupId") String groupId, JsonNode json) {
        groups.addMember(projectId, groupId, JsonBody.of(json).text("userId"), caller.actor());
        return Response.noContent().build();
    }

    @DELETE
    @Path("/{groupId}/members/{userId}")
    public Response removeMember(@PathParam("groupId") String groupId, @PathParam("userId") String userId) {
        groups.removeMember(projectId, groupId, userId, caller.actor());
        return Response.noContent().build();
    }
}
