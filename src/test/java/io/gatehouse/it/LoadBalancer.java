package io.gatehouse.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A load balancer in front of the cluster's nodes, on 127.0.0.1, as the public address both nodes
 * are configured with (GATEHOUSE_BASE_URL). Not sticky: the test says which node the next requests
 * go to, so it can move a browser between nodes at any step, or has it take the nodes in turn at
 * every request ({@link #roundRobin}). Adds X-Forwarded-For/-Proto/-Host as a
 * real one does and passes everything else (cookies, redirects, bodies) through unchanged.
 */
public final class LoadBalancer implements AutoCloseable {
    static final Set<String> HOP_BY_HOP = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "transfer-encoding", "keep-alive", "te", "trailer", "proxy-connection", "http2-settings");

    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<String, AtomicInteger> served = new ConcurrentHashMap<>();
    private volatile URL target;
    private volatile List<URL> rotation;
    private final AtomicInteger turn = new AtomicInteger();

    private LoadBalancer(HttpServer server) {
        this.server = server;
    }

    public static LoadBalancer start(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        LoadBalancer lb = new LoadBalancer(server);
        server.createContext("/", lb::forward);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
        return lb;
    }

    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Sends the following requests to this node (a deployment URL). */
    public LoadBalancer to(URL node) {
        this.rotation = null;
        this.target = node;
        return this;
    }

    /** Sends each following request to the next of these nodes, in turn: consecutive requests never share a node. */
    public LoadBalancer roundRobin(URL... nodes) {
        this.rotation = List.of(nodes);
        return this;
    }

    private URL next() {
        List<URL> nodes = rotation;
        return nodes == null ? target : nodes.get(Math.floorMod(turn.getAndIncrement(), nodes.size()));
    }

    /** How many requests this node has answered through the balancer. */
    public int served(URL node) {
        return served.getOrDefault(authority(node), new AtomicInteger()).get();
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            URL node = next();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            URI uri = URI.create("http://" + authority(node) + exchange.getRequestURI().toString());
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                    .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.toLowerCase().startsWith("x-forwarded-")) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            request.header("X-Forwarded-For", exchange.getRemoteAddress().getAddress().getHostAddress());
            request.header("X-Forwarded-Proto", "http");
            request.header("X-Forwarded-Host", exchange.getRequestHeaders().getFirst("Host"));
            HttpResponse<byte[]> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(502, -1);
                return;
            } catch (IOException e) {
                exchange.sendResponseHeaders(502, -1);
                return;
            }
            served.computeIfAbsent(authority(node), k -> new AtomicInteger()).incrementAndGet();
            relay(response, exchange);
        }
    }

    /** Passes a node's answer on to the client, as both test balancers do: headers but hop-by-hop ones, status, body. */
    static void relay(HttpResponse<byte[]> response, HttpExchange exchange) throws IOException {
        response.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.equals(":status")) {
                exchange.getResponseHeaders().put(name, List.copyOf(values));
            }
        });
        byte[] answer = response.body();
        boolean empty = answer.length == 0 || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(response.statusCode(), empty ? -1 : answer.length);
        if (!empty) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }
    }

    private static String authority(URL node) {
        return node.getHost() + ":" + node.getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
