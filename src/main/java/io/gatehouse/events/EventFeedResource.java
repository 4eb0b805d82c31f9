package io.gatehouse.events;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.platform.JsonConfig;
import io.gatehouse.platform.Page;
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
 * {@code GET /api/v1/projects/{id}/events?after=<cursor>&limit=<n>}: the project's directory events,
 * oldest first, {@code {"events":[...],"next":"<cursor>"}}. {@code next} is where the following page
 * starts; with no new events it is the cursor asked with, so a reader polls with it. Paging by the
 * per-project sequence never skips an event: a sequence number is only visible once every smaller
 * one has committed. Events are kept for the retention period (GATEHOUSE_EVENT_RETENTION_DAYS).
 */
@Path("/projects/{projectId}/events")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class EventFeedResource {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    @Inject
    Events events;
    @PathParam("projectId")
    String projectId;

    @GET
    public ObjectNode feed(@QueryParam("after") String after, @QueryParam("limit") String limit) {
        long from = cursor(after);
        Long requested = Page.wholeNumber("limit", limit, 1, MAX_LIMIT);
        List<Event> page = events.after(projectId, from, requested == null ? DEFAULT_LIMIT : requested.intValue());
        ObjectNode json = JsonConfig.mapper().createObjectNode();
        ArrayNode items = json.putArray("events");
        page.forEach(e -> items.add(EventJson.of(e)));
        json.put("next", String.valueOf(page.isEmpty() ? from : page.get(page.size() - 1).seq()));
        return json;
    }

    /** The cursor is the last sequence number read (opaque to clients: they send back what {@code next} said). */
    private static long cursor(String after) {
        Long seq = Page.wholeNumber("after", after, 0, Long.MAX_VALUE);
        return seq == null ? 0 : seq;
    }
}
