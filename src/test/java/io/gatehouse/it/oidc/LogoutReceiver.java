package io.gatehouse.it.oidc;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The applications' back-channel logout endpoints, in the test JVM on 127.0.0.1 (a random port; the
 * tests' server runs in development mode, which lets Gatehouse call loopback): every POST is kept,
 * per path, with its arrival time; each path answers 200 unless told to answer something else first.
 */
final class LogoutReceiver implements AutoCloseable {
    record Received(String method, String contentType, String body, String logoutToken, Instant at) {
    }

    private final HttpServer server;
    private final Map<String, BlockingQueue<Received>> received = new ConcurrentHashMap<>();
    private final Map<String, Deque<Integer>> answers = new ConcurrentHashMap<>();

    private LogoutReceiver(HttpServer server) {
        this.server = server;
    }

    static LogoutReceiver start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        LogoutReceiver receiver = new LogoutReceiver(server);
        server.createContext("/backchannel/", receiver::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        return receiver;
    }

    /** The back-channel logout URI of an application named {@code name}. */
    String uri(String name) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/backchannel/" + name;
    }

    /** The next requests to this application are answered with these statuses, then 200 again. */
    void answer(String name, int... statuses) {
        Deque<Integer> queue = answers.computeIfAbsent(name, k -> new ArrayDeque<>());
        synchronized (queue) {
            for (int status : statuses) {
                queue.add(status);
            }
        }
    }

    /** The next request this application received, waiting at most {@code timeout}; null when none came. */
    Received next(String name, Duration timeout) throws InterruptedException {
        return queue(name).poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whatever this application received so far and nobody took. */
    List<Received> drain(String name) {
        List<Received> all = new ArrayList<>();
        queue(name).drainTo(all);
        return all;
    }

    private BlockingQueue<Received> queue(String name) {
        return received.computeIfAbsent(name, k -> new LinkedBlockingQueue<>());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Instant at = Instant.now();
            String name = exchange.getRequestURI().getPath().substring("/backchannel/".length());
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String token = null;
            for (String pair : body.split("&")) {
                String[] kv = pair.split("=", 2);
                if (kv.length == 2 && kv[0].equals("logout_token")) {
                    token = URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
                }
            }
            Deque<Integer> queue = answers.get(name);
            Integer status = null;
            if (queue != null) {
                synchronized (queue) {
                    status = queue.poll();
                }
            }
            queue(name).add(new Received(exchange.getRequestMethod(), exchange.getRequestHeaders().getFirst("Content-Type"), body,
                    token, at));
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(status == null ? 200 : status, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
