package io.gatehouse.it.events;

import static io.gatehouse.it.Api.object;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.it.Api;
import io.gatehouse.it.Fixtures;
import io.gatehouse.it.Scim;
import io.gatehouse.it.TwoNodes;
import java.net.URL;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Directory events on two nodes sharing one database (the pom's postgresql-2-nodes run): changes
 * written on both at once are numbered 1, 2, 3... in commit order across the nodes, both nodes serve
 * the same feed, and a role fan-out both nodes may pick up announces each user once.
 */
class ScaleOutEventsIT extends TwoNodes {

    @Test
    void writersOnBothNodesShareOneSequence() throws Exception {
        Api admin = Api.admin(nodeA);
        String project = Fixtures.project(admin);
        String token = Fixtures.scimToken(admin, project);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> work = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            URL node = w % 2 == 0 ? nodeA : nodeB;
            int writer = w;
            work.add(pool.submit(() -> {
                Scim scim = Scim.withToken(node, project, token);
                for (int i = 0; i < 25; i++) {
                    assertEquals(201, scim.post("/Users", Scim.oktaUser("n" + writer + "-" + i + "@example.com", "N", "" + i)).status());
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        List<JsonNode> onA = feed(nodeA, project);
        List<JsonNode> onB = feed(nodeB, project);
        assertEquals(100, onA.size());
        for (int i = 0; i < onA.size(); i++) {
            assertEquals(i + 1, onA.get(i).path("sequence").asLong());
        }
        assertEquals(ids(onA), ids(onB), "both nodes serve the same feed");
    }

    @Test
    void aFanOutBothNodesMayRunAnnouncesEachUserOnce() throws Exception {
        Api admin = Api.admin(nodeA);
        String project = Fixtures.project(admin);
        Scim scim = Scim.withToken(nodeB, project, Fixtures.scimToken(admin, project));
        List<String> members = EventsBase.createUsers(scim, 1_050, "f"); // more than one transaction compares
        String group = scim.post("/Groups", Scim.group("All", members.toArray(String[]::new))).id();
        String role = Fixtures.role(admin, project, "Staff");
        assertEquals(200, admin.put("/api/v1/projects/" + project + "/groups/" + group, object("roleId", role)).status());
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        List<JsonNode> changed = List.of();
        while (changed.size() < members.size() && System.nanoTime() < until) {
            Thread.sleep(300);
            changed = feed(nodeB, project).stream().filter(e -> e.path("type").asText().equals("user.role_changed")).toList();
        }
        Thread.sleep(2500); // both nodes poll for jobs every 2 s: a second run would show by now
        changed = feed(nodeA, project).stream().filter(e -> e.path("type").asText().equals("user.role_changed")).toList();
        Set<String> users = new HashSet<>();
        changed.forEach(e -> users.add(e.path("data").path("userId").asText()));
        assertEquals(members.size(), changed.size(), "one role_changed per member, never two");
        assertEquals(new HashSet<>(members), users);
    }

    @Test
    void bothNodesDeliverOneWebhookEachEventOnceInOrderNeverTwoAtATime() throws Exception {
        Api admin = Api.admin(nodeA);
        String project = Fixtures.project(admin);
        String token = Fixtures.scimToken(admin, project);
        String app = admin.post("/api/v1/projects/" + project + "/applications",
                object("name", "App", "redirectUris", List.of("https://app.example.com/cb"))).id();
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            receiver.slowDown("both", java.time.Duration.ofMillis(20)); // a slow application: two senders at once would overlap
            Api.Reply hook = admin.post("/api/v1/projects/" + project + "/applications/" + app + "/webhooks",
                    object("url", receiver.url("both"), "eventTypes", List.of("*")));
            assertEquals(201, hook.status(), hook.text());
            receiver.secret("both", hook.json().path("secret").asText());
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> work = new ArrayList<>();
            for (int w = 0; w < 4; w++) { // changes commit on both nodes, so both nodes' senders wake
                URL node = w % 2 == 0 ? nodeA : nodeB;
                int writer = w;
                work.add(pool.submit(() -> {
                    Scim scim = Scim.withToken(node, project, token);
                    for (int i = 0; i < 15; i++) {
                        assertEquals(201, scim.post("/Users", Scim.oktaUser("h" + writer + "-" + i + "@example.com", "H", "" + i)).status());
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();
            List<WebhookReceiver.Received> got = receiver.awaitAcknowledged("both", 60, java.time.Duration.ofSeconds(60));
            assertEquals(60, got.size());
            List<WebhookReceiver.Received> all = receiver.received("both");
            assertEquals(60, all.size(), "a receiver that always answers 200 gets each event once, from whichever node");
            for (int i = 0; i < all.size(); i++) {
                assertEquals(i + 1, all.get(i).sequence(), "in sequence order");
                assertEquals(true, all.get(i).verified(), "signed: " + all.get(i));
            }
            assertEquals(1, receiver.mostAtOnce("both"), "never two deliveries to the endpoint at once");
        }
    }

    private static List<JsonNode> feed(URL node, String project) {
        List<JsonNode> all = new ArrayList<>();
        String next = "0";
        while (true) {
            Api.Reply page = Api.admin(node).get("/api/v1/projects/" + project + "/events?after=" + next + "&limit=1000");
            assertEquals(200, page.status(), page.text());
            if (page.json().path("events").isEmpty()) {
                return all;
            }
            page.json().path("events").forEach(all::add);
            next = page.json().path("next").asText();
        }
    }

    private static List<String> ids(List<JsonNode> events) {
        return events.stream().map(e -> e.path("id").asText()).toList();
    }
}
