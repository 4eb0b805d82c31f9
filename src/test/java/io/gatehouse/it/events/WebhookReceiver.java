package io.gatehouse.it.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.gatehouse.it.Api;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Applications' webhook endpoints in the test JVM on 127.0.0.1 (a random port; the tests' server may
 * call loopback, GATEHOUSE_OUTBOUND_ALLOW_PRIVATE defaulting to on in development mode). Each path
 * verifies every request as a receiver would, with its own implementation of the Standard Webhooks
 * scheme (HMAC-SHA256 over id.timestamp.body keyed with the secret's decoded bytes, any of the
 * space-separated v1 signatures matching, a timestamp within 5 minutes), and keeps all of it. A path
 * answers 200 unless scripted to answer a status or to hang first; the whole server can be stopped
 * and started again on its port (an endpoint that is down).
 */
public final class WebhookReceiver implements AutoCloseable {
    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    /** One request as it arrived, whether its signature verified, and how it was answered. */
    public record Received(String name, String contentType, String id, String timestamp, String signature, String body,
                           JsonNode json, boolean verified, int signatures, Integer answered, boolean hung, Instant at) {
        /** Whether Gatehouse got a 2xx for it (a hung request it gave up on is not acknowledged). */
        public boolean acknowledged() {
            return !hung && answered != null && answered / 100 == 2;
        }

        public long sequence() {
            return json.path("sequence").asLong();
        }

        public String type() {
            return json.path("type").asText();
        }
    }

    private sealed interface Answer permits Status, Hang {
    }

    private record Status(int code) implements Answer {
    }

    private record Hang(Duration duration) implements Answer {
    }

    private final int port;
    private volatile HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(8);
    private final Map<String, List<String>> secrets = new ConcurrentHashMap<>();
    private final Map<String, Deque<Answer>> script = new ConcurrentHashMap<>();
    private final Map<String, List<Received>> received = new ConcurrentHashMap<>();
    /** Requests to a name being answered right now, and the most there ever were at once. */
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> mostAtOnce = new ConcurrentHashMap<>();
    private final Map<String, Duration> slowness = new ConcurrentHashMap<>();

    private WebhookReceiver(HttpServer server) {
        this.server = server;
        this.port = server.getAddress().getPort();
    }

    public static WebhookReceiver start() throws IOException {
        WebhookReceiver receiver = new WebhookReceiver(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50));
        receiver.serve();
        return receiver;
    }

    private void serve() {
        server.createContext("/hooks/", this::handle);
        server.setExecutor(pool);
        server.start();
    }

    /** The endpoint URL of a webhook named {@code name}. */
    public String url(String name) {
        return "http://127.0.0.1:" + port + "/hooks/" + name;
    }

    /** A secret this endpoint accepts signatures of (several during a rotation). */
    public void secret(String name, String secret) {
        secrets.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>()).add(secret);
    }

    /** The next requests to this endpoint are answered with these statuses, then 200 again. */
    public void answer(String name, int... statuses) {
        Deque<Answer> queue = script(name);
        synchronized (queue) {
            for (int status : statuses) {
                queue.add(new Status(status));
            }
        }
    }

    /** The next request to this endpoint gets no answer for {@code duration} (longer than Gatehouse waits). */
    public void hang(String name, Duration duration) {
        Deque<Answer> queue = script(name);
        synchronized (queue) {
            queue.add(new Hang(duration));
        }
    }

    /** The endpoint is down: connections are refused. */
    public void stop() {
        server.stop(0);
    }

    /** Up again, on the same port. */
    public void restart() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        serve();
    }

    /** Everything this endpoint received, in arrival order. */
    public List<Received> received(String name) {
        return List.copyOf(list(name));
    }

    /** The events this endpoint acknowledged (first 2xx of each id), in order of acknowledgement. */
    public List<Received> acknowledged(String name) {
        List<Received> first = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Received r : received(name)) {
            if (r.acknowledged() && seen.add(r.id())) {
                first.add(r);
            }
        }
        return first;
    }

    /** Waits until what the endpoint received satisfies {@code done}; returns it either way. */
    public List<Received> await(String name, Predicate<List<Received>> done, Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (!done.test(received(name)) && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        return received(name);
    }

    /** Waits until {@code count} distinct events were acknowledged. */
    public List<Received> awaitAcknowledged(String name, int count, Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (acknowledged(name).size() < count && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        return acknowledged(name);
    }

    private Deque<Answer> script(String name) {
        return script.computeIfAbsent(name, k -> new ArrayDeque<>());
    }

    private List<Received> list(String name) {
        return received.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>());
    }

    /** Every answer to this name takes this long (a slow application): concurrent deliveries would overlap. */
    public void slowDown(String name, Duration duration) {
        slowness.put(name, duration);
    }

    /** The most requests to this name that were being answered at the same moment. */
    public int mostAtOnce(String name) {
        return counter(mostAtOnce, name).get();
    }

    private static java.util.concurrent.atomic.AtomicInteger counter(Map<String, java.util.concurrent.atomic.AtomicInteger> map,
                                                                    String name) {
        return map.computeIfAbsent(name, k -> new java.util.concurrent.atomic.AtomicInteger());
    }

    private void handle(HttpExchange exchange) throws IOException {
        String name = exchange.getRequestURI().getPath().substring("/hooks/".length());
        int now = counter(inFlight, name).incrementAndGet();
        counter(mostAtOnce, name).accumulateAndGet(now, Math::max);
        try {
            answer(exchange, name);
        } finally {
            counter(inFlight, name).decrementAndGet();
        }
    }

    private void answer(HttpExchange exchange, String name) throws IOException {
        try (exchange) {
            Instant at = Instant.now();
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            var headers = exchange.getRequestHeaders();
            String id = headers.getFirst("webhook-id");
            String timestamp = headers.getFirst("webhook-timestamp");
            String signature = headers.getFirst("webhook-signature");
            JsonNode json = Api.JSON.readTree(body.isEmpty() ? "{}" : body);
            boolean verified = verifies(name, id, timestamp, signature, body, at) && id != null && id.equals(json.path("id").asText());
            Answer answer = next(name);
            boolean hung = answer instanceof Hang;
            int status = answer instanceof Status s ? s.code() : 200;
            list(name).add(new Received(name, headers.getFirst("Content-Type"), id, timestamp, signature, body, json, verified,
                    signature == null ? 0 : signature.split(" ").length, hung ? null : status, hung, at));
            if (answer instanceof Hang h) {
                sleep(h.duration());
            } else if (slowness.containsKey(name)) {
                sleep(slowness.get(name));
            }
            byte[] reply = (status / 100 == 2 ? "ok" : "not now").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, reply.length);
            exchange.getResponseBody().write(reply);
        } catch (IOException gone) {
            // Gatehouse gave up on a hung request and closed the connection
        }
    }

    private Answer next(String name) {
        Deque<Answer> queue = script(name);
        synchronized (queue) {
            return queue.poll();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Standard Webhooks verification, written here independently of Gatehouse's signer. */
    private boolean verifies(String name, String id, String timestamp, String header, String body, Instant now) {
        if (id == null || timestamp == null || header == null) {
            return false;
        }
        long sent;
        try {
            sent = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - sent) > TOLERANCE.toSeconds()) {
            return false;
        }
        byte[] content = (id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8);
        for (String secret : secrets.getOrDefault(name, List.of())) {
            byte[] expected = hmac(Base64.getDecoder().decode(secret.substring("whsec_".length())), content);
            for (String candidate : header.split(" ")) {
                if (candidate.startsWith("v1,") && MessageDigest.isEqual(expected, decode(candidate.substring(3)))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether this signature header holds a valid signature by this very secret (rotation checks). */
    public static boolean signedWith(Received r, String secret) {
        byte[] content = (r.id() + "." + r.timestamp() + "." + r.body()).getBytes(StandardCharsets.UTF_8);
        byte[] expected = hmac(Base64.getDecoder().decode(secret.substring("whsec_".length())), content);
        for (String candidate : r.signature().split(" ")) {
            if (candidate.startsWith("v1,") && MessageDigest.isEqual(expected, decode(candidate.substring(3)))) {
                return true;
            }
        }
        return false;
    }

    private static byte[] decode(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static byte[] hmac(byte[] key, byte[] content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
