package io.gatehouse.scim;

import io.gatehouse.platform.DomainException;
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
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code /api/v1/projects/{id}/scim-requests}: the project's SCIM request log, newest first, filtered
 * by {@code status} (a code, a class such as {@code 4xx}, {@code failed} or {@code succeeded}),
 * {@code method} and {@code user} (a SCIM id, or the start of a userName); page back with {@code before}.
 */
@Path("/projects/{projectId}/scim-requests")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ScimRequestResource {
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

    @Inject
    ScimRequestLog log;
    @Inject
    Projects projects;

    public record RequestJson(String id, Instant at, String method, String path, int status, long latencyMs, String request,
                              String response, String tokenId, String userId, String userName, long requestBytes,
                              long responseBytes) {
        static RequestJson of(ScimExchange e) {
            return new RequestJson(String.valueOf(e.id()), e.receivedAt(), e.method(), e.path(), e.status(), e.latencyMs(),
                    e.requestBody(), e.responseBody(), e.tokenId(), e.userId(), e.userName(), e.requestBytes(), e.responseBytes());
        }
    }

    public record RequestsJson(List<RequestJson> requests, String next) {
    }

    @GET
    public RequestsJson list(@PathParam("projectId") String projectId, @QueryParam("status") String status,
                             @QueryParam("method") String method, @QueryParam("user") String user,
                             @QueryParam("before") String before, @QueryParam("limit") String limit) {
        projects.get(projectId);
        int size = Page.limit(limit, 50);
        int[] statuses = statuses(status);
        ScimRequestLog.Query query = new ScimRequestLog.Query(statuses[0] == 0 ? null : statuses[0],
                statuses[1] == 0 ? null : statuses[1], method(method), user == null || user.isBlank() ? null : user,
                null, null, Page.wholeNumber("before", before, 1, Long.MAX_VALUE), size);
        List<RequestJson> requests = log.search(projectId, query).stream().map(RequestJson::of).toList();
        return new RequestsJson(requests, requests.size() == size ? requests.get(size - 1).id() : null);
    }

    @GET
    @Path("/{requestId}")
    public RequestJson one(@PathParam("projectId") String projectId, @PathParam("requestId") String requestId) {
        projects.get(projectId);
        Long id = requestId.matches("[0-9]{1,18}") ? Long.valueOf(requestId) : null;
        return (id == null ? java.util.Optional.<ScimExchange>empty() : log.find(projectId, id)).map(RequestJson::of)
                .orElseThrow(() -> DomainException.notFound("SCIM request"));
    }

    /** The status filter as an inclusive range; {0, 0} for none. */
    static int[] statuses(String status) {
        if (status == null || status.isBlank()) {
            return new int[] {0, 0};
        }
        String s = status.strip().toLowerCase(Locale.ROOT);
        switch (s) {
            case "failed": return new int[] {400, 599};
            case "succeeded": return new int[] {100, 399};
            default:
        }
        if (s.matches("[1-5]xx")) {
            int hundreds = (s.charAt(0) - '0') * 100;
            return new int[] {hundreds, hundreds + 99};
        }
        if (s.matches("[1-5][0-9][0-9]")) {
            int code = Integer.parseInt(s);
            return new int[] {code, code};
        }
        throw DomainException.invalid("status must be an HTTP status (404), a class (4xx), failed or succeeded");
    }

    static String method(String method) {
        if (method == null || method.isBlank()) {
            return null;
        }
        String m = method.strip().toUpperCase(Locale.ROOT);
        if (!METHODS.contains(m)) {
            throw DomainException.invalid("method must be one of GET, POST, PUT, PATCH, DELETE");
        }
        return m;
    }
}
