package io.gatehouse.it;

import static io.gatehouse.it.Api.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Races between clients: one winner and a clean 409 for the loser, and no lost updates. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConcurrencyIT {
    private static final int ROUNDS = 15;


    @ArquillianResource
    URL base;

    @Test
    void concurrentCaseVariantsOfOneUserNameLeaveOneUser() throws Exception {
        Api api = Api.admin(base);
        String project = Fixtures.project(api);
        String p = "/api/v1/projects/" + project;
        for (int round = 0; round < ROUNDS; round++) {
            String name = "race" + round + "@example.com";
            List<Api.Reply> replies = race(
                    () -> api.post(p + "/users", object("userName", name, "password", "a long enough password")),
                    () -> api.post(p + "/users", object("userName", name.toUpperCase(), "password", "a long enough password")));
            assertOneWinner(replies);
            assertEquals(1, api.get(p + "/users?userName=" + name).json().path("total").asInt());
        }
    }

    @Test
    void concurrentGroupsWithOneDisplayNameLeaveOneGroup() throws Exception {
        Api api = Api.admin(base);
        String project = Fixtures.project(api);
        String p = "/api/v1/projects/" + project;
        for (int round = 0; round < ROUNDS; round++) {
            String name = "Team " + round;
            assertOneWinner(race(() -> api.post(p + "/groups", object("displayName", name)),
                    () -> api.post(p + "/groups", object("displayName", name.toLowerCase()))));
        }
        assertEquals(ROUNDS, api.get(p + "/groups").json().size());
    }

    @Test
    void aStaleIfMatchIsRefusedInsteadOfLosingAnUpdate() {
        Api api = Api.admin(base);
        String project = Fixtures.project(api);
        String p = "/api/v1/projects/" + project;
        String user = Fixtures.user(api, project, "lin@example.com");
        String etag = api.get(p + "/users/" + user).header("ETag");

        Api.Reply first = api.put(p + "/users/" + user, object("givenName", "Lin"), Map.of("If-Match", etag));
        assertEquals(200, first.status(), first.text());
        Api.Reply second = api.put(p + "/users/" + user, object("familyName", "Stale"), Map.of("If-Match", etag));
        assertEquals(412, second.status(), second.text());
        assertEquals("precondition_failed", second.json().path("error").asText());
        assertEquals("Lin", api.get(p + "/users/" + user).json().path("givenName").asText());
        assertTrue(api.get(p + "/users/" + user).json().path("familyName").isMissingNode(), "the stale write did not land");

        String role = Fixtures.role(api, project, "Editor");
        String roleTag = api.get(p + "/roles/" + role).header("ETag");
        assertEquals(200, api.put(p + "/roles/" + role, object("name", "Writer"), Map.of("If-Match", roleTag)).status());
        assertEquals(412, api.put(p + "/roles/" + role, object("name", "Author"), Map.of("If-Match", roleTag)).status());
    }

    @Test
    void concurrentUpdatesOfOneUserNeverLoseOneSilently() throws Exception {
        Api api = Api.admin(base);
        String project = Fixtures.project(api);
        String p = "/api/v1/projects/" + project;
        String user = Fixtures.user(api, project, "max@example.com");
        for (int round = 0; round < ROUNDS; round++) {
            String etag = api.get(p + "/users/" + user).header("ETag");
            String given = "G" + round;
            String family = "F" + round;
            List<Api.Reply> replies = race(
                    () -> api.put(p + "/users/" + user, object("givenName", given), Map.of("If-Match", etag)),
                    () -> api.put(p + "/users/" + user, object("familyName", family), Map.of("If-Match", etag)));
            long ok = replies.stream().filter(r -> r.status() == 200).count();
            assertEquals(1, ok, "exactly one of two writes based on the same version lands: " + replies);
            replies.stream().filter(r -> r.status() != 200)
                    .forEach(r -> assertTrue(r.status() == 412 || r.status() == 409, r.toString()));
        }
    }

    private static void assertOneWinner(List<Api.Reply> replies) {
        long created = replies.stream().filter(r -> r.status() == 201).count();
        assertEquals(1, created, replies.toString());
        Api.Reply loser = replies.stream().filter(r -> r.status() != 201).findFirst().orElseThrow();
        assertEquals(409, loser.status(), loser.text());
        assertTrue(loser.json().path("message").asText().contains("already exists"), loser.text());
    }

    @SafeVarargs
    private static List<Api.Reply> race(Supplier<Api.Reply>... calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.length);
        try {
            CyclicBarrier start = new CyclicBarrier(calls.length);
            List<CompletableFuture<Api.Reply>> futures = new ArrayList<>();
            for (Supplier<Api.Reply> call : calls) {
                futures.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return call.get();
                }, pool));
            }
            List<Api.Reply> replies = new ArrayList<>();
            for (CompletableFuture<Api.Reply> future : futures) {
                replies.add(future.get());
            }
            return replies;
        } finally {
            pool.shutdownNow();
        }
    }
}
