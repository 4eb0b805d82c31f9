package io.gatehouse.it.platform;

import static io.gatehouse.it.Api.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.it.Api;
import io.gatehouse.it.Browser;
import io.gatehouse.it.Saml;
import io.gatehouse.it.Scim;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * /metrics as a Prometheus scraper reads it: only with the bearer token the servers are started
 * with (GATEHOUSE_METRICS_TOKEN, the pom's it.metrics.token), in the text format, and counting what
 * the test does between two scrapes: SCIM requests by resource, method and status (never an id in a
 * label), SAML sign-ins by result and refusal reason, OpenID Connect token requests by grant type and
 * result. The tests of a run go one after the other, so the increases are exact.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MetricsIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    @ArquillianResource
    URL base;

    private static String token() {
        String token = System.getProperty("it.metrics.token");
        assertNotNull(token, "the pom sets it.metrics.token");
        return token;
    }

    private HttpResponse<String> get(String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "metrics")).timeout(Duration.ofSeconds(30)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private Scrape scrape() throws Exception {
        HttpResponse<String> reply = get("Bearer " + token());
        assertEquals(200, reply.statusCode(), reply.body());
        return new Scrape(reply.body());
    }

    @Test
    void theEndpointRefusesWithoutItsTokenAndWithAWrongOne() throws Exception {
        for (String wrong : new String[] {null, "Bearer " + token() + "x", "Bearer " + token().substring(1), "Bearer ",
                "Basic " + Base64.getEncoder().encodeToString(("prometheus:" + token()).getBytes(StandardCharsets.UTF_8)),
                token()}) {
            HttpResponse<String> refused = get(wrong);
            assertEquals(401, refused.statusCode(), wrong + ": " + refused.body());
            assertTrue(refused.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"), refused.headers().toString());
            assertFalse(refused.body().contains("jvm_"), refused.body());
            assertFalse(refused.body().contains(token()), "the refusal never shows the token");
        }

        HttpResponse<String> ok = get("Bearer " + token());
        assertEquals(200, ok.statusCode(), ok.body());
        String type = ok.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT).replace(" ", "");
        assertTrue(type.startsWith("text/plain;") && type.contains("version=0.0.4") && type.contains("charset=utf-8"), type);
        Scrape scrape = new Scrape(ok.body());
        assertTrue(ok.body().contains("# TYPE gatehouse_database_up gauge"), ok.body());
        assertEquals(1.0, scrape.value("gatehouse_database_up", Map.of()), ok.body());
        assertTrue(scrape.value("gatehouse_database_ping_seconds", Map.of()) > 0, ok.body());
        if (System.getProperty("arquillian.launch", "tomcat").startsWith("tomcat")) { // Tomcat's DBCP 2 pool tells its counts
            double max = scrape.value("gatehouse_database_pool_max", Map.of());
            double active = scrape.value("gatehouse_database_pool_active", Map.of());
            assertTrue(max > 0 && active >= 0 && active <= max, "pool gauges: max " + max + ", active " + active);
            assertTrue(scrape.value("gatehouse_database_pool_idle", Map.of()) >= 0, ok.body());
        } else {
            assertFalse(ok.body().contains("gatehouse_database_pool_"), "WildFly and Payara keep their pool's counts to themselves");
        }
        for (String jvm : new String[] {"jvm_memory_used_bytes", "jvm_threads_live_threads", "jvm_classes_loaded_classes",
                "process_uptime_seconds", "system_cpu_count"}) {
            assertTrue(ok.body().contains(jvm), jvm + " missing");
        }
        assertFalse(ok.body().contains(token()));
    }

    @Test
    void scimRequestsAreTimedByResourceMethodAndStatusWithoutIds() throws Exception {
        Scim scim = Scim.forNewProject(base);
        Map<String, String> created = Map.of("resource", "Users", "method", "POST", "status", "201");
        Map<String, String> read = Map.of("resource", "Users", "method", "GET", "status", "200");
        Map<String, String> missing = Map.of("resource", "Users", "method", "GET", "status", "404");
        Map<String, String> unauthorized = Map.of("resource", "Groups", "method", "GET", "status", "401");
        Scrape before = scrape();

        Api.Reply user = scim.post("/Users", Scim.oktaUser(Api.unique("metrics") + "@example.com", "Metric", "Counted"));
        assertEquals(201, user.status(), user.text());
        assertEquals(200, scim.get("/Users/" + user.id()).status());
        assertEquals(404, scim.get("/Users/" + user.id() + "0").status());
        assertEquals(401, Api.withKey(base, "gh_scim_not-a-token").send("GET", "/scim/v2/Groups", null,
                Map.of("Accept", "application/scim+json")).status());

        Scrape after = scrape();
        String count = "gatehouse_scim_requests_seconds_count";
        assertEquals(1.0, after.value(count, created) - before.value(count, created), after.text);
        assertEquals(1.0, after.value(count, read) - before.value(count, read), after.text);
        assertEquals(1.0, after.value(count, missing) - before.value(count, missing), after.text);
        assertEquals(1.0, after.value(count, unauthorized) - before.value(count, unauthorized), after.text);
        Map<String, String> slowest = new HashMap<>(created);
        slowest.put("le", "+Inf");
        assertEquals(1.0, after.value("gatehouse_scim_requests_seconds_bucket", slowest)
                - before.value("gatehouse_scim_requests_seconds_bucket", slowest), after.text);
        assertFalse(after.text.contains(user.id()), "no user id in a label");
        assertFalse(after.text.contains(scim.project), "no project id in a label");
    }

    @Test
    void samlSignInsAreCountedByResultAndRefusalReason() throws Exception {
        Saml saml = Saml.project(Api.admin(base), true);
        Map<String, String> success = Map.of("result", "success", "reason", "none");
        Map<String, String> replay = Map.of("result", "refused", "reason", "REPLAY");
        String name = "gatehouse_saml_sign_ins_total";
        Scrape before = scrape();

        String response = saml.response(Saml.person(Api.unique("signed-in") + "@example.com"));
        Browser.Page signedIn = saml.post(new Browser(), response);
        assertEquals(302, signedIn.status(), signedIn.toString());
        Browser.Page replayed = saml.post(new Browser(), response);
        assertEquals(403, replayed.status(), replayed.toString());
        assertTrue(replayed.body().contains("REPLAY"), replayed.body());

        Scrape after = scrape();
        assertEquals(1.0, after.value(name, success) - before.value(name, success), after.text);
        assertEquals(1.0, after.value(name, replay) - before.value(name, replay), after.text);
        assertFalse(after.text.contains(saml.projectId), "no project id in a label");
    }

    @Test
    void tokenRequestsAreCountedByGrantTypeAndResult() throws Exception {
        Api admin = Api.admin(base);
        String project = io.gatehouse.it.Fixtures.project(admin);
        var body = object("name", Api.unique("Metrics reader"), "public", false, "accessTokenSeconds", 300);
        body.putArray("redirectUris").add("http://localhost:1/callback/" + Api.unique("app"));
        Api.Reply app = admin.post("/api/v1/projects/" + project + "/applications", body);
        assertEquals(201, app.status(), app.text());
        String tokenEndpoint = app.json().path("issuer").asText() + "/token";
        String clientId = app.json().path("clientId").asText();
        String secret = app.json().path("clientSecret").asText();
        Map<String, String> issued = Map.of("grant_type", "client_credentials", "result", "issued", "error", "none");
        Map<String, String> refused = Map.of("grant_type", "client_credentials", "result", "refused", "error", "invalid_client");
        String name = "gatehouse_oidc_tokens_total";
        Scrape before = scrape();

        assertEquals(200, clientCredentials(tokenEndpoint, clientId, secret).statusCode());
        assertEquals(401, clientCredentials(tokenEndpoint, clientId, secret + "x").statusCode());

        Scrape after = scrape();
        assertEquals(1.0, after.value(name, issued) - before.value(name, issued), after.text);
        assertEquals(1.0, after.value(name, refused) - before.value(name, refused), after.text);
        assertFalse(after.text.contains(clientId), "no client id in a label");
    }

    private static HttpResponse<String> clientCredentials(String endpoint, String clientId, String secret) throws Exception {
        String basic = Base64.getEncoder().encodeToString((URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(secret, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        return HTTP.send(HttpRequest.newBuilder(URI.create(endpoint)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One scrape's samples; a series not there yet counts as 0 (a counter is created at its first increment). */
    private record Scrape(String text) {
        double value(String name, Map<String, String> labels) {
            double found = 0;
            for (String line : text.split("\n")) {
                Matcher sample = LINE.matcher(line);
                if (line.startsWith("#") || !sample.matches() || !sample.group(1).equals(name)) {
                    continue;
                }
                Map<String, String> has = new HashMap<>();
                Matcher label = LABEL.matcher(sample.group(2) == null ? "" : sample.group(2));
                while (label.find()) {
                    has.put(label.group(1), label.group(2));
                }
                if (has.entrySet().containsAll(labels.entrySet())) {
                    found += Double.parseDouble(sample.group(3));
                }
            }
            return found;
        }
    }
}
