package io.gatehouse.user;

import io.gatehouse.admin.ApiCaller;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** {@code /api/v1/projects/{id}/sync-regular-users}: converts every regular user into an SSO user. */
@Path("/projects/{projectId}/sync-regular-users")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class RegularUserSyncResource {
    @Inject
    Users users;
    @Inject
    ApiCaller caller;
    @PathParam("projectId")
    String projectId;

    @POST
    @Consumes(MediaType.WILDCARD)
    public Map<String, Integer> sync() {
        return Map.of("converted", users.syncRegularUsers(projectId, caller.actor()));
    }
}
