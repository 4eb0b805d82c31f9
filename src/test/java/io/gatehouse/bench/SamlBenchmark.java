package io.gatehouse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.mockidp.MockIdentityProvider;
import io.gatehouse.saml.SamlBaseline;
import io.gatehouse.saml.SpKeyPair;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * ACS throughput: signed SAML responses per second through Gatehouse's ACS (HTTP, pac4j, the
 * screen, replay check, sign-in with audit and session, all in PostgreSQL), against pac4j/OpenSAML
 * validating the same responses in-process with the same settings, in the same run, with the same
 * number of threads on the same machine. Usage: SamlBenchmark <base URL> <admin key> <responses> <threads>
 */
public final class SamlBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private static final int USERS = 500;

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String key = args[1];
        int count = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        MockIdentityProvider idp = new MockIdentityProvider("https://bench-idp.test/metadata", "https://bench-idp.test/sso",
                "https://bench-idp.test/slo", SpKeyPair.generate("Bench IdP"));
        JsonNode project = call(base, key, "POST", "/api/v1/projects", Map.of("name", "SAML bench " + System.nanoTime()));
        String projectId = project.path("id").asText();
        JsonNode sso = call(base, key, "PUT", "/api/v1/projects/" + projectId + "/sso",
                Map.of("idpMetadataXml", idp.metadataXml(), "jitEnabled", true));
        String acs = sso.path("acsUrl").asText();
        String entityId = sso.path("entityId").asText();

        // pac4j accepts a response only within the clock skew (2 minutes) of its IssueInstant, so
        // responses are generated in chunks just before they are used; only the validation is timed
        SamlBaseline pac4j = new SamlBaseline(entityId, acs, idp.metadataXml());
        measure(idp, acs, entityId, USERS, threads, pac4j::validate);
        double pac4jRate = measure(idp, acs, entityId, count, threads, pac4j::validate);
        System.out.printf("pac4j/OpenSAML alone (in-process): %.0f responses/s%n", pac4jRate);

        Consumer<String> post = response -> {
            int status = postAcs(acs, response);
            if (status != 302) {
                throw new IllegalStateException("ACS answered " + status);
            }
        };
        measure(idp, acs, entityId, USERS, threads, post); // JIT creates the 500 users here
        double gatehouseRate = measure(idp, acs, entityId, count, threads, post);
        System.out.printf("Gatehouse ACS over HTTP (PostgreSQL): %.0f responses/s%n", gatehouseRate);
        System.out.printf("Gatehouse / pac4j alone: %.0f %%%n", 100 * gatehouseRate / pac4jRate);
    }

    /** Generates and processes count responses in chunks of 500; returns responses per second of processing. */
    private static double measure(MockIdentityProvider idp, String acs, String entityId, int count, int threads,
                                  Consumer<String> work) throws Exception {
        double seconds = 0;
        for (int done = 0; done < count; done += 500) {
            List<String> chunk = responses(idp, acs, entityId, Math.min(500, count - done));
            seconds += chunk.size() / run(chunk, threads, work);
        }
        return count / seconds;
    }

    private static List<String> responses(MockIdentityProvider idp, String acs, String entityId, int count) {
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            var person = new MockIdentityProvider.Person("bench" + (i % USERS) + "@example.com", "Bench", "User " + (i % USERS), null);
            out.add(MockIdentityProvider.base64(idp.responseXml(person, MockIdentityProvider.Options.forSp(acs, entityId))));
        }
        return out;
    }

    /** Runs the work over all items with the threads; returns items per second. */
    private static double run(List<String> items, int threads, Consumer<String> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < items.size(); i = next.getAndIncrement()) {
                    work.accept(items.get(i));
                }
            }));
        }
        try {
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow(); // a failure must not leave worker threads keeping the JVM alive
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return items.size() / seconds;
    }

    private static int postAcs(String acs, String response) {
        try {
            String body = "SAMLResponse=" + URLEncoder.encode(response, StandardCharsets.UTF_8);
            return HTTP.send(HttpRequest.newBuilder(URI.create(acs)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode call(String base, String key, String method, String path, Object body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
