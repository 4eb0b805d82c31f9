package io.gatehouse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Directory events, measured from outside against a running Gatehouse (bench/events.sh):
 * <ul>
 *   <li>{@code throughput}: SCIM create and PATCH per second with the given client threads (run once
 *       with events, once against the WAR from before events: the ratio is the outbox's cost);</li>
 *   <li>{@code delivery}: commit-to-delivery latency with a fast receiver (the SCIM answer's arrival to
 *       the webhook's arrival, one change at a time), then deliveries per second under a burst;</li>
 *   <li>{@code fanout}: a group of N users gets a role: time until the N {@code user.role_changed}
 *       events are written (counted in the database) and until the webhook has delivered them.</li>
 * </ul>
 * Usage: EventsBenchmark base adminKey jdbcUrl phase [users] [threads]
 */
public final class EventsBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String base;
    private final String adminKey;
    private String projectId;
    private String token;

    private EventsBenchmark(String base, String adminKey) {
        this.base = base;
        this.adminKey = adminKey;
    }

    public static void main(String[] args) throws Exception {
        EventsBenchmark bench = new EventsBenchmark(args[0], args[1]);
        String jdbcUrl = args[2];
        String phase = args[3];
        int users = args.length > 4 ? Integer.parseInt(args[4]) : 3000;
        int threads = args.length > 5 ? Integer.parseInt(args[5]) : 8;
        bench.newProject();
        switch (phase) {
            case "throughput" -> bench.throughput(users, threads);
            case "delivery" -> bench.delivery(users, threads);
            case "fanout" -> bench.fanOut(users, threads, jdbcUrl);
            default -> throw new IllegalArgumentException("phase: throughput, delivery or fanout");
        }
        System.exit(0); // the HTTP client's and receivers' threads would keep the JVM alive
    }

    private void newProject() throws Exception {
        projectId = call("POST", "/api/v1/projects", adminKey, "{\"name\":\"Events bench " + System.nanoTime() + "\"}", 201)
                .path("id").asText();
        token = call("POST", "/api/v1/projects/" + projectId + "/scim-tokens", adminKey, null, 201).path("token").asText();
    }

    private void throughput(int users, int threads) throws Exception {
        List<String> warm = Collections.synchronizedList(new ArrayList<>());
        int warmUp = Integer.getInteger("bench.warmup", 500); // JIT and pools, untimed
        rate(warmUp, threads, i -> warm.add(scim("POST", "/Users", user("w" + i), 201).path("id").asText()));
        rate(warmUp, threads, i -> scim("PATCH", "/Users/" + warm.get(i), displayName("Warm " + i), 200));
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        double created = rate(users, threads, i -> ids.add(scim("POST", "/Users", user("t" + i), 201).path("id").asText()));
        System.out.printf("SCIM create: %.0f users/s (%d users, %d client threads)%n", created, users, threads);
        double patched = rate(users, threads, i -> scim("PATCH", "/Users/" + ids.get(i), displayName("Renamed " + i), 200));
        System.out.printf("SCIM PATCH (displayName): %.0f requests/s%n", patched);
        double read = rate(users, threads, i -> scim("GET", "/Users/" + ids.get(i), null, 200));
        System.out.printf("SCIM GET /Users/{id}: %.0f requests/s%n", read);
    }

    private void delivery(int changes, int threads) throws Exception {
        try (Receiver receiver = Receiver.start()) {
            subscribe(receiver);
            Map<String, Long> answered = new ConcurrentHashMap<>();
            int sequential = Math.min(changes, 500);
            for (int i = 0; i < sequential; i++) {
                String id = scim("POST", "/Users", user("l" + i), 201).path("id").asText();
                answered.put(id, System.nanoTime());
                Thread.sleep(5); // one change at a time, as a steady trickle
            }
            receiver.awaitCount(sequential, Duration.ofMinutes(2));
            List<Double> latencies = new ArrayList<>();
            answered.forEach((id, at) -> latencies.add(Math.max(0, receiver.arrival(id) - at) / 1e6));
            System.out.printf("commit-to-delivery latency, one change at a time (%d): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    sequential, pct(latencies, 50), pct(latencies, 99), pct(latencies, 100));

            int before = receiver.count();
            long start = System.nanoTime();
            double rate = rate(changes, threads, i -> scim("POST", "/Users", user("b" + i), 201));
            receiver.awaitCount(before + changes, Duration.ofMinutes(10));
            double seconds = (receiver.lastArrival() - start) / 1e9;
            System.out.printf("burst of %d creates at %.0f/s (%d threads): all delivered %.1f s after the first request,"
                    + " %.0f deliveries/s; duplicates %d, out of order %d, bad signatures %d%n", changes, rate, threads,
                    seconds, changes / seconds, receiver.duplicates(), receiver.outOfOrder(), receiver.badSignatures());
        }
    }

    /**
     * Two groups with roles, every user in both; the priority order then puts the other group first:
     * every user's role moves, N {@code user.role_changed} from one request, through the batched fan-out.
     */
    private void fanOut(int users, int threads, String jdbcUrl) throws Exception {
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        double created = rate(users, threads, i -> ids.add(scim("POST", "/Users", user("f" + i), 201).path("id").asText()));
        System.out.printf("seeded %d users at %.0f/s%n", users, created);
        String p = "/api/v1/projects/" + projectId;
        String staff = call("POST", p + "/roles", adminKey, "{\"name\":\"Staff\"}", 201).path("id").asText();
        String contractor = call("POST", p + "/roles", adminKey, "{\"name\":\"Contractor\"}", 201).path("id").asText();
        // the IdP's groups (SCIM, so 5,000 members a PATCH), each given a role by the admin; Staff first in priority
        String first = scimGroup("Staff");
        String second = scimGroup("Contractors");
        call("PUT", p + "/groups/" + first, adminKey, "{\"roleId\":\"" + staff + "\"}", 200);
        call("PUT", p + "/groups/" + second, adminKey, "{\"roleId\":\"" + contractor + "\"}", 200);
        long seeding = System.nanoTime();
        for (String group : List.of(first, second)) {
            for (int from = 0; from < ids.size(); from += 5000) {
                scim("PATCH", "/Groups/" + group, addMembers(ids.subList(from, Math.min(ids.size(), from + 5000))), 204);
            }
        }
        try (Receiver receiver = Receiver.start(); Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
            awaitNoJobs(db);
            long before = roleChanges(db);
            System.out.printf("memberships seeded (2 x %d) and their role changes settled in %.1f s: %d user.role_changed%n",
                    users, (System.nanoTime() - seeding) / 1e9, before);
            subscribe(receiver);
            long start = System.nanoTime();
            call("PUT", p + "/group-priority", adminKey, "[\"" + second + "\",\"" + first + "\"]", 200);
            double answered = (System.nanoTime() - start) / 1e6;
            long written = 0;
            while (written < users) {
                Thread.sleep(200);
                written = roleChanges(db) - before;
            }
            double writtenSeconds = (System.nanoTime() - start) / 1e9;
            receiver.awaitType("user.role_changed", users, Duration.ofMinutes(60));
            double deliveredSeconds = (receiver.lastArrival() - start) / 1e9;
            System.out.printf("priority change moving %d users' roles: answered in %.0f ms; %d user.role_changed written after"
                    + " %.1f s (%.0f/s); all delivered to the webhook after %.1f s (%.0f/s); duplicates %d, out of order %d,"
                    + " bad signatures %d%n", users, answered, written, writtenSeconds, written / writtenSeconds, deliveredSeconds,
                    users / deliveredSeconds, receiver.duplicates(), receiver.outOfOrder(), receiver.badSignatures());
        }
    }

    private String scimGroup(String name) throws Exception {
        return scim("POST", "/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\""
                + name + "\"}", 201).path("id").asText();
    }

    private static void awaitNoJobs(Connection db) throws Exception {
        while (true) {
            try (PreparedStatement count = db.prepareStatement("SELECT COUNT(*) FROM gh_role_recheck");
                 ResultSet rs = count.executeQuery()) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    return;
                }
            }
            Thread.sleep(500);
        }
    }

    private long roleChanges(Connection db) throws Exception {
        try (PreparedStatement count = db.prepareStatement(
                "SELECT COUNT(*) FROM gh_event WHERE project_id = ? AND type = 'user.role_changed'")) {
            count.setString(1, projectId);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** An application of the project with a webhook to the receiver for every event type. */
    private void subscribe(Receiver receiver) throws Exception {
        String app = call("POST", "/api/v1/projects/" + projectId + "/applications", adminKey,
                "{\"name\":\"Bench app\",\"redirectUris\":[\"http://localhost:9/cb\"]}", 201).path("id").asText();
        JsonNode hook = call("POST", "/api/v1/projects/" + projectId + "/applications/" + app + "/webhooks", adminKey,
                "{\"url\":\"" + receiver.url() + "\",\"eventTypes\":[\"*\"]}", 201);
        receiver.secret(hook.path("secret").asText());
    }

    interface Request {
        void send(int i) throws Exception;
    }

    /** Sends requests 0..n-1 from the given threads; returns requests per second. */
    private static double rate(int n, int threads, Request request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            work.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    request.send(i);
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        pool.shutdown();
        return n / ((System.nanoTime() - start) / 1e9);
    }

    private static String user(String name) {
        ObjectNode user = JSON.createObjectNode();
        user.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:User");
        user.put("userName", name + "@bench.example.com");
        user.put("externalId", "ext-" + name);
        user.putObject("name").put("givenName", "Given").put("familyName", name);
        user.putArray("emails").addObject().put("value", name + "@bench.example.com").put("type", "work").put("primary", true);
        user.put("active", true);
        return user.toString();
    }

    private static String displayName(String name) {
        ObjectNode patch = JSON.createObjectNode();
        patch.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:PatchOp");
        patch.putArray("Operations").addObject().put("op", "replace").put("path", "displayName").put("value", name);
        return patch.toString();
    }

    private static String addMembers(List<String> ids) {
        ObjectNode patch = JSON.createObjectNode();
        patch.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:PatchOp");
        ArrayNode values = patch.putArray("Operations").addObject().put("op", "add").put("path", "members").putArray("value");
        ids.forEach(id -> values.addObject().put("value", id));
        return patch.toString();
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
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + " " + response.body());
        }
        return response.body().isEmpty() ? JSON.missingNode() : JSON.readTree(response.body());
    }

    private static double pct(List<Double> values, int percentile) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, Math.max(0, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1)));
    }

    /**
     * The application's webhook endpoint: answers 204 at once, verifies each signature (Standard
     * Webhooks: HMAC-SHA256 over id.timestamp.body with the decoded secret), and keeps each event's
     * first arrival, counting repeats and sequence numbers that go backwards.
     */
    static final class Receiver implements AutoCloseable {
        private final HttpServer server;
        private volatile byte[] key;
        /** user.created arrivals by the user's id; every event's first arrival by its id. */
        private final Map<String, Long> arrivals = new ConcurrentHashMap<>();
        private final Map<String, Long> events = new ConcurrentHashMap<>();
        private final Map<String, AtomicInteger> byType = new ConcurrentHashMap<>();
        private final AtomicLong lastArrival = new AtomicLong();
        private final AtomicLong highestSeq = new AtomicLong();
        private final AtomicInteger duplicates = new AtomicInteger();
        private final AtomicInteger outOfOrder = new AtomicInteger();
        private final AtomicInteger badSignatures = new AtomicInteger();

        private Receiver(HttpServer server) {
            this.server = server;
        }

        static Receiver start() throws Exception {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
            Receiver receiver = new Receiver(server);
            server.createContext("/hook", exchange -> {
                long now = System.nanoTime();
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                receiver.received(exchange.getRequestHeaders().getFirst("webhook-id"),
                        exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                        exchange.getRequestHeaders().getFirst("webhook-signature"), body, now);
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.setExecutor(Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, "receiver");
                t.setDaemon(true);
                return t;
            }));
            server.start();
            return receiver;
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        void secret(String secret) {
            key = java.util.Base64.getDecoder().decode(secret.substring("whsec_".length()));
        }

        private void received(String id, String timestamp, String signature, byte[] body, long now) {
            try {
                if (!signed(id, timestamp, signature, body)) {
                    badSignatures.incrementAndGet();
                    return;
                }
                JsonNode event = JSON.readTree(body);
                if (events.putIfAbsent(id, now) != null) {
                    duplicates.incrementAndGet(); // a retry of a delivery whose answer Gatehouse did not get
                    return;
                }
                if (event.path("type").asText().equals("user.created")) {
                    arrivals.put(event.path("data").path("id").asText(), now);
                }
                long seq = event.path("sequence").asLong();
                if (seq < highestSeq.getAndAccumulate(seq, Math::max)) {
                    outOfOrder.incrementAndGet();
                }
                byType.computeIfAbsent(event.path("type").asText(), t -> new AtomicInteger()).incrementAndGet();
                lastArrival.set(now);
            } catch (Exception e) {
                badSignatures.incrementAndGet();
            }
        }

        private boolean signed(String id, String timestamp, String signature, byte[] body) throws Exception {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String expected = "v1," + java.util.Base64.getEncoder().encodeToString(mac.doFinal(body));
            for (String candidate : signature == null ? new String[0] : signature.split(" ")) {
                if (java.security.MessageDigest.isEqual(candidate.getBytes(), expected.getBytes())) {
                    return true;
                }
            }
            return false;
        }

        /** When the event about this resource (a created user's id) first arrived, in System.nanoTime. */
        long arrival(String resourceId) {
            Long at = arrivals.get(resourceId);
            return at == null ? Long.MAX_VALUE : at;
        }

        int count() {
            return byType.values().stream().mapToInt(AtomicInteger::get).sum();
        }

        void awaitCount(int n, Duration timeout) throws InterruptedException {
            long until = System.nanoTime() + timeout.toNanos();
            while (count() < n && System.nanoTime() < until) {
                Thread.sleep(20);
            }
        }

        void awaitType(String type, int n, Duration timeout) throws InterruptedException {
            long until = System.nanoTime() + timeout.toNanos();
            while (byType.getOrDefault(type, new AtomicInteger()).get() < n && System.nanoTime() < until) {
                Thread.sleep(100);
            }
        }

        long lastArrival() {
            return lastArrival.get();
        }

        int duplicates() {
            return duplicates.get();
        }

        int outOfOrder() {
            return outOfOrder.get();
        }

        int badSignatures() {
            return badSignatures.get();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
