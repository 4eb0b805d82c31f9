package io.gatehouse.saml;

import io.gatehouse.platform.Page;
import io.gatehouse.project.Projects;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * {@code /api/v1/projects/{id}/sign-in-attempts}: the project's sign-in trace, newest first. Admin
 * keys only (an application's directory.read token is refused by its filter: the trace is not directory data).
 */
@Path("/projects/{projectId}/sign-in-attempts")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SignInAttemptResource {
    static final int DEFAULT_LIMIT = 50;

    @Inject
    SignInAttempts attempts;
    @Inject
    Projects projects;
    @PathParam("projectId")
    String projectId;

    public record AttemptsJson(List<SignInAttempts.View> attempts) {
    }

    @GET
    public AttemptsJson list(@QueryParam("limit") String limit) {
        int size = Page.limit(limit, DEFAULT_LIMIT);
        projects.get(projectId);
        return new AttemptsJson(attempts.recent(projectId, size));
    }

    @GET
    @Path("/{attemptId}")
    public SignInAttempts.View get(@PathParam("attemptId") String attemptId) {
        projects.get(projectId);
        return attempts.get(projectId, attemptId);
    }
}
