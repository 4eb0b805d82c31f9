package io.gatehouse.it.events;

import static io.gatehouse.it.Api.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.it.Api;
import io.gatehouse.it.Fixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Webhooks with a real receiver ({@link WebhookReceiver}, which verifies each Standard Webhooks
 * signature itself): directory changes made through the management API arrive signed, in sequence
 * order, with exactly their types; a receiver that fails, times out and goes down loses nothing and
 * gets nothing out of order, repeats being only retries of what it did not acknowledge; and the
 * API's contract (secret shown once, 404s, 400s, rotation, test, redelivery, delivery log). The
 * tests' servers shrink the retry schedule (GATEHOUSE_WEBHOOK_RETRY_SCALE=0.02) and the timeout (2 s).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WebhookDeliveryIT extends EventsBase {
    private static final Duration ARRIVAL = Duration.ofSeconds(15);

    static WebhookReceiver receiver;

    @BeforeAll
    static void startReceiver() throws Exception {
        receiver = WebhookReceiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        if (receiver != null) {
            receiver.close();
        }
    }

    /** A project with one application. */
    private record App(Api api, String project, String app) {
        String hooks() {
            return "/api/v1/projects/" + project + "/applications/" + app + "/webhooks";
        }

        String users() {
            return "/api/v1/projects/" + project + "/users";
        }
    }

    /** A webhook registered through the API, with its receiver path. */
    private record Hook(String id, String secret, String name) {
    }

    private App newApp() {
        Api api = admin();
        String project = Fixtures.project(api);
        Api.Reply app = api.post("/api/v1/projects/" + project + "/applications",
                object("name", "Directory reader", "redirectUris", List.of("https://app.example.com/callback")));
        assertEquals(201, app.status(), app.text());
        return new App(api, project, app.id());
    }

    private Hook hook(App app, List<String> types) {
        String name = Api.unique("hook");
        Api.Reply created = app.api().post(app.hooks(), object("url", receiver.url(name), "eventTypes", types));
        assertEquals(201, created.status(), created.text());
        String secret = created.json().path("secret").asText();
        receiver.secret(name, secret);
        return new Hook(created.id(), secret, name);
    }

    @Test
    void directoryChangesArriveSignedInSequenceOrderWithExactlyTheirTypes() throws Exception {
        App app = newApp();
        Hook all = hook(app, List.of("*"));
        Hook lifecycle = hook(app, List.of("user.created", "user.deleted"));
        Api api = app.api();
        String p = "/api/v1/projects/" + app.project();

        String user = Fixtures.user(api, app.project(), "ada@example.com");
        assertEquals(200, api.put(p + "/users/" + user, object("givenName", "Ada")).status());
        String group = Fixtures.group(api, app.project(), "Engineering", null);
        Fixtures.addMember(api, app.project(), group, user);
        assertEquals(204, api.delete(p + "/groups/" + group + "/members/" + user).status());
        assertEquals(200, api.put(p + "/users/" + user, object("active", false)).status());
        assertEquals(204, api.delete(p + "/users/" + user).status());

        List<String> expected = List.of("user.created", "user.updated", "group.created", "group.member_added",
                "group.member_removed", "user.deactivated", "user.deleted");
        List<JsonNode> feed = events(app.project());
        assertEquals(expected, types(feed), feed.toString());

        List<WebhookReceiver.Received> got = receiver.awaitAcknowledged(all.name(), expected.size(), ARRIVAL);
        assertEquals(expected, got.stream().map(WebhookReceiver.Received::type).toList());
        List<WebhookReceiver.Received> everything = receiver.received(all.name());
        assertEquals(expected.size(), everything.size(), "a receiver that answers 200 gets each event once: " + everything);
        for (int i = 0; i < expected.size(); i++) {
            WebhookReceiver.Received r = everything.get(i);
            assertTrue(r.verified(), "signature verifies: " + r);
            assertEquals("application/json", r.contentType());
            assertEquals(feed.get(i).path("id").asText(), r.id(), "webhook-id is the event id");
            assertEquals(feed.get(i), r.json(), "the body is the event as the feed shows it");
            assertEquals(1, r.signatures(), "one secret, one signature");
        }

        List<WebhookReceiver.Received> filtered = receiver.awaitAcknowledged(lifecycle.name(), 2, ARRIVAL);
        assertEquals(List.of("user.created", "user.deleted"), filtered.stream().map(WebhookReceiver.Received::type).toList());
        assertTrue(filtered.stream().allMatch(WebhookReceiver.Received::verified));
        JsonNode skipped = waitFor(app, lifecycle, w -> w.path("lastDeliveredSequence").asLong() == feed.size());
        assertEquals(0, skipped.path("pending").asLong(), "the filter's other events are skipped, not pending: " + skipped);
        assertEquals(2, receiver.received(lifecycle.name()).size());

        JsonNode standing = waitFor(app, all, w -> w.path("lastDeliveredSequence").asLong() == feed.size());
        assertEquals("active", standing.path("status").asText());
        assertEquals(200, standing.path("lastDelivery").path("status").asInt(), standing.toString());
        assertFalse(standing.has("secret"), "the secret is shown once only: " + standing);
    }

    @Test
    void failuresTimeoutsAndAnOutageLoseNothingAndKeepTheOrder() throws Exception {
        App app = newApp();
        Hook hook = hook(app, List.of("*"));
        String name = hook.name();

        // half the deliveries answered 500 (each retried after the backoff)
        receiver.answer(name, 500, 200, 500, 200, 500, 200, 500, 200, 500, 200, 500, 200);
        for (int i = 0; i < 6; i++) {
            Fixtures.user(app.api(), app.project(), "u" + i + "@example.com");
        }
        receiver.awaitAcknowledged(name, 6, Duration.ofSeconds(60));

        // one delivery gets no answer within Gatehouse's timeout: the receiver has it, Gatehouse sends it again
        receiver.hang(name, Duration.ofSeconds(4));
        Fixtures.user(app.api(), app.project(), "slow@example.com");
        receiver.awaitAcknowledged(name, 7, Duration.ofSeconds(60));

        // the endpoint is down while more changes happen, then comes back
        receiver.stop();
        for (int i = 0; i < 5; i++) {
            Fixtures.user(app.api(), app.project(), "down" + i + "@example.com");
        }
        Thread.sleep(4000);
        receiver.restart();
        Fixtures.user(app.api(), app.project(), "after@example.com");

        List<JsonNode> feed = events(app.project());
        assertEquals(13, feed.size(), feed.toString());
        List<WebhookReceiver.Received> acknowledged = receiver.awaitAcknowledged(name, feed.size(), Duration.ofSeconds(90));
        List<WebhookReceiver.Received> all = receiver.received(name);

        assertEquals(feed.stream().map(e -> e.path("id").asText()).toList(),
                acknowledged.stream().map(WebhookReceiver.Received::id).toList(), "every event, in sequence order: " + all);
        assertEquals(feed.stream().map(e -> e.path("id").asText()).toList(),
                new ArrayList<>(new LinkedHashSet<>(all.stream().map(WebhookReceiver.Received::id).toList())),
                "first arrivals in sequence order too");
        assertTrue(all.stream().allMatch(WebhookReceiver.Received::verified), "every request signed: " + all);
        for (int i = 1; i < all.size(); i++) {
            assertTrue(all.get(i).sequence() >= all.get(i - 1).sequence(), "never an event before an earlier one: " + all);
        }
        Map<String, List<WebhookReceiver.Received>> byId = new HashMap<>();
        all.forEach(r -> byId.computeIfAbsent(r.id(), k -> new ArrayList<>()).add(r));
        int repeats = 0;
        for (List<WebhookReceiver.Received> arrivals : byId.values()) {
            for (int i = 0; i < arrivals.size() - 1; i++) {
                assertFalse(arrivals.get(i).acknowledged(), "sent again only when not acknowledged: " + arrivals);
            }
            assertTrue(arrivals.get(arrivals.size() - 1).acknowledged());
            repeats += arrivals.size() - 1;
        }
        long unanswered = all.stream().filter(r -> !r.acknowledged()).count();
        System.out.printf("WebhookDeliveryIT: %d events, %d requests received, %d repeats (%d of them after a 500 or the"
                + " timeout), the outage's attempts were refused connections%n", feed.size(), all.size(), repeats, unanswered);
        assertEquals(unanswered, repeats, "each unacknowledged request was repeated once it was answered");
        assertTrue(all.stream().filter(WebhookReceiver.Received::hung).count() == 1, "the one hung request: " + all);

        // the sender logs an attempt once the receiver has answered it: the last one may be a moment behind
        Api.Reply log;
        List<JsonNode> attempts;
        long deadline = System.currentTimeMillis() + 10_000;
        do {
            log = app.api().get(app.hooks() + "/" + hook.id() + "/deliveries?limit=200");
            assertEquals(200, log.status(), log.text());
            attempts = StreamSupport.stream(log.json().spliterator(), false).toList();
        } while (attempts.stream().filter(a -> a.path("delivered").asBoolean()).count() < feed.size()
                && System.currentTimeMillis() < deadline && pause(100));
        assertTrue(attempts.stream().anyMatch(a -> a.path("status").asInt() == 500 && !a.path("delivered").asBoolean()),
                log.text());
        assertTrue(attempts.stream().anyMatch(a -> a.path("error").asText().contains("timed out")), log.text());
        assertTrue(attempts.stream().anyMatch(a -> a.path("error").asText().contains("refused")), log.text());
        assertTrue(attempts.stream().anyMatch(a -> a.path("attempt").asInt() > 1), "retries are numbered: " + log.text());
        assertEquals(feed.size(), attempts.stream().filter(a -> a.path("delivered").asBoolean()).count(), log.text());
        assertTrue(attempts.get(0).path("at").asText().compareTo(attempts.get(attempts.size() - 1).path("at").asText()) >= 0,
                "newest first");
        assertEquals("ok", attempts.get(0).path("responseBody").asText());
        assertEquals(2, app.api().get(app.hooks() + "/" + hook.id() + "/deliveries?limit=2").json().size());

        JsonNode standing = waitFor(app, hook, w -> w.path("lastDeliveredSequence").asLong() == feed.size());
        assertEquals("active", standing.path("status").asText(), standing.toString());
        assertEquals(0, standing.path("pending").asLong());
        assertEquals(0, standing.path("failures").asInt());
    }

    @Test
    void theApiShowsTheSecretOnceAndRefusesWhatItCannotDeliverTo() {
        App app = newApp();
        Api api = app.api();
        Api.Reply created = api.post(app.hooks(), object("url", receiver.url("contract"), "eventTypes", List.of("*")));
        assertEquals(201, created.status(), created.text());
        assertTrue(created.json().path("secret").asText().matches("whsec_[A-Za-z0-9+/]{32}"), created.text());
        assertEquals(receiver.url("contract"), created.json().path("url").asText());
        assertEquals(List.of("*"), strings(created.json().path("eventTypes")));
        assertEquals("no-store", created.header("Cache-Control"));
        String id = created.id();

        Api.Reply one = api.get(app.hooks() + "/" + id);
        assertEquals(200, one.status(), one.text());
        assertFalse(one.json().has("secret"), one.text());
        assertFalse(one.text().contains(created.json().path("secret").asText()));
        assertEquals("active", one.json().path("status").asText());
        Api.Reply list = api.get(app.hooks());
        assertEquals(200, list.status());
        assertEquals(1, list.json().size());
        assertFalse(list.text().contains("whsec_"), list.text());

        // what cannot be delivered to, or filtered on
        for (Object url : new Object[] {"ftp://example.com/hook", "not a url", "http://", "", "file:///etc/passwd"}) {
            Api.Reply refused = api.post(app.hooks(), object("url", url, "eventTypes", List.of("*")));
            assertEquals(400, refused.status(), url + ": " + refused.text());
            assertEquals("bad_request", refused.json().path("error").asText(), refused.text());
        }
        assertEquals(400, api.post(app.hooks(), object("eventTypes", List.of("*"))).status());
        Api.Reply unknownType = api.post(app.hooks(), object("url", receiver.url("x"), "eventTypes", List.of("user.exploded")));
        assertEquals(400, unknownType.status(), unknownType.text());
        assertTrue(unknownType.json().path("message").asText().contains("user.exploded"), unknownType.text());
        assertEquals(400, api.post(app.hooks(), object("url", receiver.url("x"), "eventTypes", List.of())).status());
        assertEquals(400, api.post(app.hooks(), object("url", receiver.url("x"), "eventTypes", "*")).status());
        Api.Reply typed = api.post(app.hooks(), object("url", receiver.url("typed"), "eventTypes",
                List.of("group.created", "user.created", "group.created")));
        assertEquals(201, typed.status(), typed.text());
        assertEquals(List.of("group.created", "user.created"), strings(typed.json().path("eventTypes")));

        // unknown project, application, webhook, attempt: 404 in the API's error JSON
        String other = newApp().app();
        for (String path : List.of("/api/v1/projects/nope/applications/" + app.app() + "/webhooks",
                "/api/v1/projects/" + app.project() + "/applications/nope/webhooks",
                "/api/v1/projects/" + app.project() + "/applications/" + other + "/webhooks",
                app.hooks() + "/nope", app.hooks() + "/nope/deliveries")) {
            Api.Reply missing = api.get(path);
            assertEquals(404, missing.status(), path + ": " + missing.text());
            assertEquals("not_found", missing.json().path("error").asText(), missing.text());
        }
        assertEquals(404, api.post(app.hooks() + "/nope/test", null).status());
        assertEquals(404, api.post(app.hooks() + "/" + id + "/deliveries/nope/redeliver", null).status());
        assertEquals(404, api.post(app.hooks() + "/nope/rotate-secret", null).status());
        assertEquals(400, api.get(app.hooks() + "/" + id + "/deliveries?limit=0").status());
        assertEquals(401, Api.withKey(base, null).get(app.hooks()).status());

        assertEquals(204, api.delete(app.hooks() + "/" + id).status());
        assertEquals(404, api.get(app.hooks() + "/" + id).status());
        assertEquals(404, api.delete(app.hooks() + "/" + id).status());
        assertTrue(api.get("/api/v1/projects/" + app.project() + "/audit?action=webhook.create").text().contains("webhook.create"));
    }

    @Test
    void aRotatedSecretSignsBesideTheOldOneAndTestAndRedeliveryAreLogged() throws Exception {
        App app = newApp();
        Hook hook = hook(app, List.of("*"));
        String path = app.hooks() + "/" + hook.id();

        Api.Reply test = app.api().post(path + "/test", null);
        assertEquals(200, test.status(), test.text());
        assertEquals(200, test.json().path("status").asInt(), test.text());
        assertEquals("webhook.test", test.json().path("type").asText());
        assertTrue(test.json().path("delivered").asBoolean());
        WebhookReceiver.Received ping = receiver.received(hook.name()).get(0);
        assertTrue(ping.verified(), ping.toString());
        assertEquals("webhook.test", ping.type());
        assertEquals(app.project(), ping.json().path("projectId").asText());

        Api.Reply rotated = app.api().post(path + "/rotate-secret", null);
        assertEquals(200, rotated.status(), rotated.text());
        String newSecret = rotated.json().path("secret").asText();
        assertTrue(newSecret.startsWith("whsec_"));
        assertNotEquals(hook.secret(), newSecret);
        assertTrue(rotated.json().has("previousSecretValidUntil"), rotated.text());

        Fixtures.user(app.api(), app.project(), "rotated@example.com");
        WebhookReceiver.Received signedTwice = receiver.awaitAcknowledged(hook.name(), 2, ARRIVAL).get(1);
        assertEquals("user.created", signedTwice.type());
        assertEquals(2, signedTwice.signatures(), signedTwice.signature());
        assertTrue(WebhookReceiver.signedWith(signedTwice, newSecret), "the new secret signs");
        assertTrue(WebhookReceiver.signedWith(signedTwice, hook.secret()), "the old one still signs during the overlap");

        JsonNode delivery = waitForAttempt(app, hook, "delivery");
        Api.Reply again = app.api().post(path + "/deliveries/" + delivery.path("id").asText() + "/redeliver", null);
        assertEquals(200, again.status(), again.text());
        assertEquals("redelivery", again.json().path("kind").asText());
        assertEquals(delivery.path("eventId").asText(), again.json().path("eventId").asText());
        assertEquals(2, again.json().path("attempt").asInt());
        List<WebhookReceiver.Received> all = receiver.received(hook.name());
        assertEquals(3, all.size(), all.toString());
        assertEquals(signedTwice.id(), all.get(2).id(), "the same event again, with its id");
        assertEquals(signedTwice.body(), all.get(2).body());
        assertTrue(all.get(2).verified());

        Api.Reply log = app.api().get(path + "/deliveries");
        assertEquals(List.of("redelivery", "delivery", "test"),
                StreamSupport.stream(log.json().spliterator(), false).map(a -> a.path("kind").asText()).toList(), log.text());
        Api.Reply resumed = app.api().post(path + "/resume", null);
        assertEquals(200, resumed.status(), resumed.text());
        assertEquals("active", resumed.json().path("status").asText());
        assertEquals(1, resumed.json().path("lastDeliveredSequence").asLong(), "the redelivery left the cursor alone");
        assertNull(receiver.received(hook.name()).stream().filter(r -> !r.verified()).findFirst().orElse(null));
    }

    private JsonNode waitFor(App app, Hook hook, java.util.function.Predicate<JsonNode> done) throws InterruptedException {
        long until = System.nanoTime() + ARRIVAL.toNanos();
        JsonNode standing;
        do {
            Api.Reply reply = app.api().get(app.hooks() + "/" + hook.id());
            assertEquals(200, reply.status(), reply.text());
            standing = reply.json();
            if (done.test(standing)) {
                return standing;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < until);
        return standing;
    }

    private JsonNode waitForAttempt(App app, Hook hook, String kind) throws InterruptedException {
        long until = System.nanoTime() + ARRIVAL.toNanos();
        while (System.nanoTime() < until) {
            for (JsonNode a : app.api().get(app.hooks() + "/" + hook.id() + "/deliveries").json()) {
                if (a.path("kind").asText().equals(kind)) {
                    return a;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + kind + " attempt logged");
    }

    private static List<String> strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    /** Sleeps; true, so a polling loop can wait in its condition. */
    private static boolean pause(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return true;
    }
}
