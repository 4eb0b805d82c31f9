package io.gatehouse.it.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.it.Api;
import io.gatehouse.it.Fixtures;
import io.gatehouse.it.Scim;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The events feed: paging by cursor, its refusals, and a reader that polls while writers race never missing an event. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class EventFeedIT extends EventsBase {

    @Test
    void pagesOldestFirstAndTheCursorStaysWhenNothingIsNew() {
        Api api = admin();
        String project = Fixtures.project(api);
        for (int i = 0; i < 5; i++) {
            Fixtures.user(api, project, "u" + i + "@example.com");
        }
        String p = "/api/v1/projects/" + project + "/events";
        Api.Reply first = api.get(p + "?limit=2");
        assertEquals(200, first.status(), first.text());
        assertEquals(2, first.json().path("events").size());
        assertEquals(1, first.json().path("events").get(0).path("sequence").asLong());
        assertEquals("u0@example.com", first.json().path("events").get(0).path("data").path("userName").asText());
        assertEquals("ADMIN", first.json().path("events").get(0).path("actor").path("source").asText());
        String next = first.json().path("next").asText();
        Api.Reply second = api.get(p + "?after=" + next + "&limit=2");
        assertEquals(3, second.json().path("events").get(0).path("sequence").asLong());
        Api.Reply rest = api.get(p + "?after=" + second.json().path("next").asText());
        assertEquals(1, rest.json().path("events").size());
        Api.Reply none = api.get(p + "?after=" + rest.json().path("next").asText());
        assertEquals(0, none.json().path("events").size());
        assertEquals(rest.json().path("next").asText(), none.json().path("next").asText());
    }

    @Test
    void refusesBadCursorsLimitsStrangersAndOtherProjects() {
        Api api = admin();
        String project = Fixtures.project(api);
        String p = "/api/v1/projects/" + project + "/events";
        for (String bad : List.of("?after=abc", "?after=-1", "?limit=0", "?limit=5000", "?limit=x")) {
            Api.Reply refused = api.get(p + bad);
            assertEquals(400, refused.status(), bad + ": " + refused.text());
            assertTrue(refused.json().hasNonNull("error") || refused.json().hasNonNull("message"), refused.text());
        }
        assertEquals(404, api.get("/api/v1/projects/no-such-project/events").status());
        assertEquals(401, Api.withKey(base, "not-a-key").get(p).status());
    }

    @Test
    void aReaderPollingWhileWritersRaceSeesEveryEventOnceInOrder() throws Exception {
        Scim scim = Scim.forNewProject(base);
        String project = scim.project;
        int writers = 6;
        int each = 15;
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        AtomicBoolean writing = new AtomicBoolean(true);
        List<JsonNode> seen = Collections.synchronizedList(new ArrayList<>());
        Future<?> reader = pool.submit(() -> {
            String cursor = "0";
            while (true) {
                boolean last = !writing.get();
                Api.Reply page = admin().get("/api/v1/projects/" + project + "/events?after=" + cursor + "&limit=7");
                page.json().path("events").forEach(seen::add);
                cursor = page.json().path("next").asText();
                if (last && page.json().path("events").isEmpty()) {
                    return null;
                }
            }
        });
        List<Future<?>> work = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            work.add(pool.submit(() -> {
                for (int i = 0; i < each; i++) {
                    Api.Reply created = scim.post("/Users", Scim.oktaUser("w" + writer + "-" + i + "@example.com", "W", "" + i));
                    assertEquals(201, created.status(), created.text());
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get(120, TimeUnit.SECONDS);
        }
        writing.set(false);
        reader.get(60, TimeUnit.SECONDS);
        pool.shutdown();
        assertEquals(writers * each, seen.size(), "every event once");
        assertConsecutive(seen);
        assertEquals(events(project).stream().map(e -> e.path("id").asText()).toList(),
                seen.stream().map(e -> e.path("id").asText()).toList());
        assertEquals(writers * each, ofType(seen, "user.created").size());
    }
}
