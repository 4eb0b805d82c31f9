package io.gatehouse.scim;

import io.gatehouse.platform.Database;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the last SCIM request of each project for the console's live status. So that SCIM
 * traffic does not write a row per request, a node writes a project's row at most every
 * {@link #RESOLUTION}, unless the request's outcome (success or error) differs from the one it last
 * wrote: a failure always shows at once. Best effort: a failed write never fails the request.
 */
@Priority(Priorities.USER)
@ApplicationScoped
public class ScimActivity implements ContainerResponseFilter {
    static final Duration RESOLUTION = Duration.ofSeconds(5);

    @Inject
    Database database;
    @Inject
    ScimCaller caller;

    private record Written(Instant at, boolean succeeded) {
    }

    private final Map<String, Written> lastWritten = new ConcurrentHashMap<>();

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String projectId = caller.projectIdOrNull();
        if (projectId == null) {
            return; // unauthenticated: no project to show it in
        }
        Instant now = Instant.now();
        int status = response.getStatus();
        boolean succeeded = status < 400;
        Written last = lastWritten.get(projectId);
        if (last != null && last.succeeded() == succeeded && last.at().plus(RESOLUTION).isAfter(now)) {
            return;
        }
        lastWritten.put(projectId, new Written(now, succeeded));
        String path = "/" + request.getUriInfo().getPath(false).replaceFirst("^/+", "");
        try {
            database.writing(em -> {
                ScimRequest row = em.find(ScimRequest.class, projectId);
                if (row == null) {
                    row = new ScimRequest(projectId);
                    row.received(now, request.getMethod(), path, status);
                    em.persist(row);
                } else {
                    row.received(now, request.getMethod(), path, status);
                }
            });
        } catch (RuntimeException raceOrOutage) {
            lastWritten.remove(projectId); // informational only; the next request tries again
        }
    }

    /** The last SCIM request the project received, if any. */
    public Optional<ScimRequest> last(String projectId) {
        return database.read(em -> Optional.ofNullable(em.find(ScimRequest.class, projectId)));
    }
}
