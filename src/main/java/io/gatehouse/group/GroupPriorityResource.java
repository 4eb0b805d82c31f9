package io.gatehouse.group;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.admin.ApiCaller;
import io.gatehouse.group.GroupResource.GroupJson;
import io.gatehouse.platform.DomainException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;

/** {@code /api/v1/projects/{id}/group-priority}: the order in which groups decide roles. */
@Path("/projects/{projectId}/group-priority")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class GroupPriorityResource {
    @Inject
    Groups groups;
    @Inject
    ApiCaller caller;
    @PathParam("projectId")
    String projectId;

    /** The body is the list of group ids, first wins; unlisted groups keep their order after them. */
    @PUT
    public List<GroupJson> reorder(JsonNode json) {
        if (json == null || !json.isArray()) {
            throw DomainException.invalid("The request body must be a JSON array of group ids, first wins");
        }
        List<String> ids = new ArrayList<>();
        json.forEach(id -> {
            if (!id.isTextual()) {
                throw DomainException.invalid("Group ids must be strings");
            }
            ids.add(id.textValue());
        });
        return groups.reorder(projectId, ids, caller.actor()).stream().map(g -> GroupJson.of(g, null)).toList();
    }

}
