package io.gatehouse.it.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.it.Api;
import io.gatehouse.it.Scim;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.jboss.arquillian.test.api.ArquillianResource;

/** What the directory-event tests share: reading a project's events feed as an application would. */
public abstract class EventsBase {
    @ArquillianResource
    protected URL base;

    protected Api admin() {
        return Api.admin(base);
    }

    /** Every event of the project, oldest first, read page by page through the feed's cursors. */
    protected List<JsonNode> events(String project) {
        return eventsAfter(project, "0");
    }

    protected List<JsonNode> eventsAfter(String project, String cursor) {
        List<JsonNode> all = new ArrayList<>();
        String next = cursor;
        while (true) {
            Api.Reply page = admin().get("/api/v1/projects/" + project + "/events?after=" + next + "&limit=200");
            assertEquals(200, page.status(), page.text());
            page.json().path("events").forEach(all::add);
            String following = page.json().path("next").asText();
            if (page.json().path("events").isEmpty()) {
                assertEquals(next, following, "with nothing new the cursor stays where it was");
                return all;
            }
            next = following;
        }
    }

    /** The project's events once {@code done} holds for them (background work such as the role fan-out). */
    protected List<JsonNode> eventsOnce(String project, Predicate<List<JsonNode>> done, Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        List<JsonNode> events = events(project);
        while (!done.test(events) && System.nanoTime() < until) {
            Thread.sleep(200);
            events = events(project);
        }
        return events;
    }

    /** {@code n} SCIM users made by six clients at once (the large-group tests need more than 1,000). */
    public static List<String> createUsers(Scim scim, int n, String prefix) throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<java.util.concurrent.Future<String>> made = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String name = prefix + i + "@example.com";
                made.add(pool.submit(() -> {
                    Api.Reply created = scim.post("/Users", Scim.oktaUser(name, "U", name));
                    assertEquals(201, created.status(), created.text());
                    return created.id();
                }));
            }
            List<String> ids = new ArrayList<>();
            for (java.util.concurrent.Future<String> f : made) {
                ids.add(f.get());
            }
            return ids;
        } finally {
            pool.shutdown();
        }
    }

    protected static List<String> types(List<JsonNode> events) {
        return events.stream().map(e -> e.path("type").asText()).toList();
    }

    protected static List<JsonNode> ofType(List<JsonNode> events, String type) {
        return events.stream().filter(e -> e.path("type").asText().equals(type)).toList();
    }

    /** The sequence numbers run 1, 2, 3... with no gap and no repeat. */
    protected static void assertConsecutive(List<JsonNode> events) {
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i + 1, events.get(i).path("sequence").asLong(), "sequence of event " + i + ": " + events.get(i));
        }
    }
}
