package io.gatehouse.audit;

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

/** {@code /api/v1/projects/{id}/audit}: a project's audit log, newest first; page back with {@code before}. */
@Path("/projects/{projectId}/audit")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {
    @Inject
    AuditLog audit;
    @Inject
    Projects projects;

    public record EventJson(String id, long seq, Instant occurredAt, Actor.Source source, String actor, String action,
                            String targetType, String targetId, String summary, String detail) {
        static EventJson of(AuditEvent e) {
            return new EventJson(e.id(), e.seq(), e.occurredAt(), e.source(), e.actor(), e.action(), e.targetType(), e.targetId(),
                    e.summary(), e.detail());
        }
    }

    public record EventsJson(List<EventJson> items, Long nextBefore) {
    }

    @GET
    public EventsJson project(@PathParam("projectId") String projectId, @QueryParam("source") String source,
                              @QueryParam("action") String action, @QueryParam("targetId") String targetId,
                              @QueryParam("before") String before, @QueryParam("limit") String limit) {
        projects.get(projectId);
        return page(audit, projectId, source, action, targetId, before, limit);
    }

    static EventsJson page(AuditLog audit, String projectId, String source, String action, String targetId, String before,
                           String limit) {
        int size = Page.limit(limit, 100);
        Long beforeSeq = Page.wholeNumber("before", before, 0, Long.MAX_VALUE); // an event's seq, as nextBefore gives it
        List<EventJson> items = audit.list(projectId, new AuditLog.Query(source(source), action, targetId, beforeSeq, size))
                .stream().map(EventJson::of).toList();
        Long next = items.size() == size ? items.get(items.size() - 1).seq() : null;
        return new EventsJson(items, next);
    }

    static Actor.Source source(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Actor.Source.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw DomainException.invalid("source must be one of admin, scim, saml, system");
        }
    }
}
