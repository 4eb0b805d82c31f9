package io.gatehouse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The SCIM benchmark (run by bench/scim.sh against a Gatehouse on PostgreSQL; not part of the test
 * suite). Seeds users through SCIM and prints throughput and latencies; see BENCHMARKS.md.
 *
 * Arguments: base URL, admin API key, number of users (default 100000), client threads (default 8).
 */
public final class ScimBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String base;
    private String token;

    private ScimBenchmark(String base) {
        this.base = base;
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String adminKey = args[1];
        int total = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        ScimBenchmark bench = new ScimBenchmark(base);
        bench.token = bench.setUp(adminKey);
        List<String> ids = Collections.synchronizedList(new ArrayList<>());

        int first = Math.min(10_000, total);
        double rate = bench.createUsers(0, first, threads, ids);
        System.out.printf("create users 0..%d: %.0f users/s (%d client threads)%n", first, rate, threads);
        bench.lookups(first, ids);
        if (total > first) {
            rate = bench.createUsers(first, total, threads, ids);
            System.out.printf("create users %d..%d: %.0f users/s%n", first, total, rate);
            bench.lookups(total, ids);
        }
        bench.page(total);
        bench.bigGroup(ids);
    }

    private String setUp(String adminKey) throws Exception {
        JsonNode project = call("POST", "/api/v1/projects", adminKey, "{\"name\":\"bench-" + System.nanoTime() + "\"}", 201);
        return call("POST", "/api/v1/projects/" + project.path("id").asText() + "/scim-tokens", adminKey, null, 201)
                .path("token").asText();
    }

    private double createUsers(int from, int to, int threads, List<String> ids) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int worker = t;
            work.add(pool.submit(() -> {
                for (int i = from + worker; i < to; i += threads) {
                    ids.add(scim("POST", "/Users", user(i), 201).path("id").asText());
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        pool.shutdown();
        return (to - from) / ((System.nanoTime() - start) / 1e9);
    }

    private void lookups(int size, List<String> ids) throws Exception {
        Random random = new Random(size);
        List<Double> byUserName = new ArrayList<>();
        List<Double> byExternalId = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            int n = random.nextInt(size);
            byUserName.add(timed(() -> expectOne("userName eq \"user" + n + "@bench.example.com\"")));
            byExternalId.add(timed(() -> expectOne("externalId eq \"ext-" + n + "\"")));
        }
        System.out.printf("at %d users: userName eq p50 %.1f ms p99 %.1f ms; externalId eq p50 %.1f ms p99 %.1f ms%n",
                size, pct(byUserName, 50), pct(byUserName, 99), pct(byExternalId, 50), pct(byExternalId, 99));
    }

    private void page(int size) throws Exception {
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            int start = 1 + (i * 997) % Math.max(1, size - 100);
            times.add(timed(() -> {
                JsonNode page = scim("GET", "/Users?startIndex=" + start + "&count=100", null, 200);
                check(page.path("Resources").size() == 100, "page of 100");
            }));
        }
        System.out.printf("100-user page (GET /Users?count=100 at varying startIndex, %d users): p50 %.1f ms p99 %.1f ms%n",
                size, pct(times, 50), pct(times, 99));
    }

    private void bigGroup(List<String> ids) throws Exception {
        String group = scim("POST", "/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"big\"}", 201)
                .path("id").asText();
        List<String> members = new ArrayList<>(ids);
        double thousand = timed(() -> scim("PATCH", "/Groups/" + group, addMembers(members.subList(0, 1000)), 204));
        System.out.printf("PATCH adding 1,000 members to one group: %.0f ms%n", thousand);
        long start = System.nanoTime();
        for (int i = 1000; i < members.size(); i += 5000) {
            scim("PATCH", "/Groups/" + group, addMembers(members.subList(i, Math.min(members.size(), i + 5000))), 204);
        }
        System.out.printf("PATCHes adding the other %d members (5,000 per PATCH): %.1f s%n", members.size() - 1000,
                (System.nanoTime() - start) / 1e9);
        List<Double> lean = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            lean.add(timed(() -> scim("GET", "/Groups/" + group + "?excludedAttributes=members", null, 200)));
        }
        System.out.printf("GET group excludedAttributes=members, %d members: p50 %.1f ms p99 %.1f ms%n",
                members.size(), pct(lean, 50), pct(lean, 99));
        double full = timed(() -> {
            JsonNode all = scim("GET", "/Groups/" + group, null, 200);
            check(all.path("members").size() == members.size(), "all members streamed");
        });
        System.out.printf("GET group with all %d members (streamed): %.0f ms%n", members.size(), full);
    }

    private static String addMembers(List<String> ids) {
        ObjectNode patch = JSON.createObjectNode();
        patch.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:PatchOp");
        ObjectNode op = patch.putArray("Operations").addObject().put("op", "add").put("path", "members");
        ArrayNode values = op.putArray("value");
        ids.forEach(id -> values.addObject().put("value", id));
        return patch.toString();
    }

    private void expectOne(String filter) throws Exception {
        JsonNode found = scim("GET", "/Users?filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8), null, 200);
        check(found.path("totalResults").asInt() == 1, "one match for " + filter);
    }

    private static String user(int i) {
        ObjectNode user = JSON.createObjectNode();
        user.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:User");
        user.put("userName", "user" + i + "@bench.example.com");
        user.put("externalId", "ext-" + i);
        user.putObject("name").put("givenName", "Given" + i).put("familyName", "Family" + i);
        user.putArray("emails").addObject().put("value", "user" + i + "@bench.example.com").put("type", "work").put("primary", true);
        user.put("active", true);
        return user.toString();
    }

    private JsonNode scim(String method, String path, String body, int expected) throws Exception {
        return call(method, "/scim/v2" + path, token, body, expected);
    }

    private JsonNode call(String method, String path, String key, String body, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(5))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", path.startsWith("/scim/") ? "application/scim+json" : "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        check(response.statusCode() == expected, method + " " + path + " -> " + response.statusCode() + " "
                + response.body().substring(0, Math.min(300, response.body().length())));
        return response.body().isEmpty() ? JSON.missingNode() : JSON.readTree(response.body());
    }

    interface Work {
        void run() throws Exception;
    }

    private static double timed(Work work) throws Exception {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e6;
    }

    private static double pct(List<Double> values, int percentile) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("benchmark check failed: " + what);
        }
    }
}
