package io.gatehouse.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A load balancer as a production one behaves during restarts, on 127.0.0.1, for {@code RollingRestartIT}:
 * round-robin per request over the nodes whose {@code /health/ready} answered 200 at the last check
 * (every 250 ms; 503 or no answer within a second takes a node out), and one retry on another node when
 * a node refused or dropped the connection before any byte of a response (what nginx's
 * {@code proxy_next_upstream error} and HAProxy's {@code retry-on conn-failure empty-response} do). Counts
 * per node and status, and keeps every 5xx with its time. {@link LoadBalancer} is the scale-out tests'
 * balancer, which the test points at one node.
 */
public final class RoundRobinBalancer implements AutoCloseable {
    /** The node name of answers the balancer makes itself (no node could be reached). */
    public static final String BALANCER = "balancer";

    /** One backend: its address, whether its last health check passed, and its requests in flight. */
    public static final class Node {
        final String name;
        final String authority;
        final AtomicBoolean healthy = new AtomicBoolean();
        final AtomicInteger inFlight = new AtomicInteger();

        Node(String name, String authority) {
            this.name = name;
            this.authority = authority;
        }

        public boolean healthy() {
            return healthy.get();
        }

        public int inFlight() {
            return inFlight.get();
        }
    }

    /** A 5xx that went back to the client: when, from which node, for what. */
    public record ServerError(long epochMillis, String node, int status, String request) {
    }

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newFixedThreadPool(32);
    private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(2)).build();
    private final HttpClient healthClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofMillis(500)).build();
    private final List<Node> nodes = new CopyOnWriteArrayList<>();
    private final String healthPath;
    private final AtomicInteger next = new AtomicInteger();
    private final Map<String, Map<Integer, AtomicInteger>> statuses = new ConcurrentHashMap<>();
    private final List<ServerError> serverErrors = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger retries = new AtomicInteger();

    private RoundRobinBalancer(HttpServer server, String healthPath) {
        this.server = server;
        this.healthPath = healthPath;
    }

    /** A balancer on the port, checking {@code healthPath} (e.g. /gatehouse/health/ready) on each node. */
    public static RoundRobinBalancer start(int port, String healthPath) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 200);
        RoundRobinBalancer lb = new RoundRobinBalancer(server, healthPath);
        server.createContext("/", lb::forward);
        server.setExecutor(lb.handlers);
        server.start();
        lb.checker.scheduleWithFixedDelay(lb::checkAll, 0, 250, TimeUnit.MILLISECONDS);
        return lb;
    }

    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Adds a backend (taken into the rotation once its health check passes). */
    public Node add(String name, int port) {
        Node node = new Node(name, "127.0.0.1:" + port);
        nodes.add(node);
        return node;
    }

    public Node node(String name) {
        return nodes.stream().filter(n -> n.name.equals(name)).findFirst().orElseThrow();
    }

    private void checkAll() {
        for (Node node : nodes) {
            try {
                HttpResponse<Void> ready = healthClient.send(HttpRequest.newBuilder(URI.create("http://" + node.authority + healthPath))
                        .timeout(Duration.ofSeconds(1)).GET().build(), HttpResponse.BodyHandlers.discarding());
                node.healthy.set(ready.statusCode() == 200);
            } catch (IOException e) {
                node.healthy.set(false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The next healthy node after the round-robin counter, other than {@code not}; null when there is none. */
    private Node pick(Node not) {
        List<Node> all = nodes;
        int start = Math.floorMod(next.getAndIncrement(), all.size());
        for (int i = 0; i < all.size(); i++) {
            Node node = all.get((start + i) % all.size());
            if (node != not && node.healthy()) {
                return node;
            }
        }
        return null;
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String what = exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath();
            Node first = pick(null);
            Attempt attempt = first == null ? Attempt.NONE : send(first, exchange, body);
            if (attempt.retryable()) {
                // refused or dropped before any response byte: the request may go to another node once
                first.healthy.set(false);
                Node second = pick(first);
                if (second != null) {
                    retries.incrementAndGet();
                    attempt = send(second, exchange, body);
                }
            }
            if (attempt.response == null) {
                count(attempt.node == null ? BALANCER : attempt.node.name, 502, what);
                exchange.sendResponseHeaders(502, -1);
                return;
            }
            HttpResponse<byte[]> response = attempt.response;
            count(attempt.node.name, response.statusCode(), what);
            LoadBalancer.relay(response, exchange);
        }
    }

    /** One try on one node: the response, or none and whether the node answered anything at all. */
    private record Attempt(Node node, HttpResponse<byte[]> response, boolean answered) {
        static final Attempt NONE = new Attempt(null, null, true);

        boolean retryable() {
            return response == null && !answered;
        }
    }

    private Attempt send(Node node, HttpExchange exchange, byte[] body) {
        URI uri = URI.create("http://" + node.authority + exchange.getRequestURI().toString());
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!LoadBalancer.HOP_BY_HOP.contains(name.toLowerCase()) && !name.toLowerCase().startsWith("x-forwarded-")) {
                values.forEach(value -> request.header(name, value));
            }
        });
        request.header("X-Forwarded-For", exchange.getRemoteAddress().getAddress().getHostAddress());
        request.header("X-Forwarded-Proto", "http");
        request.header("X-Forwarded-Host", exchange.getRequestHeaders().getFirst("Host"));
        // set once the status line and headers have arrived: an error after that is not retried
        AtomicBoolean answered = new AtomicBoolean();
        node.inFlight.incrementAndGet();
        try {
            HttpResponse<byte[]> response = client.send(request.build(), info -> {
                answered.set(true);
                return HttpResponse.BodyHandlers.ofByteArray().apply(info);
            });
            return new Attempt(node, response, true);
        } catch (IOException e) {
            return new Attempt(node, null, answered.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(node, null, true);
        } finally {
            node.inFlight.decrementAndGet();
        }
    }

    private void count(String node, int status, String request) {
        statuses.computeIfAbsent(node, k -> new ConcurrentHashMap<>()).computeIfAbsent(status, k -> new AtomicInteger())
                .incrementAndGet();
        if (status >= 500) {
            serverErrors.add(new ServerError(System.currentTimeMillis(), node, status, request));
        }
    }

    /** Requests the balancer received. */
    public int requests() {
        return requests.get();
    }

    /** Requests sent a second time, to another node. */
    public int retries() {
        return retries.get();
    }

    /** Answers per node (and {@link #BALANCER}) and status, sorted. */
    public Map<String, Map<Integer, Integer>> statuses() {
        Map<String, Map<Integer, Integer>> copy = new TreeMap<>();
        statuses.forEach((node, counts) -> {
            Map<Integer, Integer> byStatus = new TreeMap<>();
            counts.forEach((status, count) -> byStatus.put(status, count.get()));
            copy.put(node, byStatus);
        });
        return copy;
    }

    public List<ServerError> serverErrors() {
        return Collections.unmodifiableList(new ArrayList<>(serverErrors));
    }

    @Override
    public void close() {
        checker.shutdownNow();
        server.stop(0);
        handlers.shutdownNow();
    }
}
