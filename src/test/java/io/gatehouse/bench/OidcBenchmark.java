package io.gatehouse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.gatehouse.it.Browser;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpCookie;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The OpenID Connect benchmark (run by bench/oidc.sh against a Gatehouse on PostgreSQL in development
 * mode, for the mock IdP; not part of the test suite). See BENCHMARKS.md.
 *
 * <ol>
 *   <li>Seeds a project with N users (default 100,000) by SQL: the users only make the database the
 *       size the issue asks for; every user is in "Everyone", 1 in 3 in "Viewers", 1 in 4 in
 *       "Editors", 1 in 50 in "Admins" (three groups with roles, in that priority order: Admins,
 *       Editors, Viewers), so the effective-role rule has several candidates to order.</li>
 *   <li>Registers applications through the management API: one confidential "bench" application,
 *       and five with a back-channel logout URI pointing at receivers in this JVM.</li>
 *   <li>Signs {@value #SIGNED_IN} people in through the mock IdP (JIT, groups from the assertion), one
 *       cookie jar each, as OidcRp.signIn does, one at a time (concurrent first sign-ins that join the
 *       same group can conflict on the group's version, see BENCHMARKS.md).</li>
 *   <li>Measures, with T client threads, in rounds of {@code bench.round} (default 2,000):
 *       (a) GET /authorize with a live session cookie until the 302 with a code (only the request
 *       is timed), then (b) the code-for-token POSTs for exactly those codes (client_secret_basic,
 *       PKCE; only the POST is timed). The two phases of a round never overlap: (a)'s throughput and
 *       latency are (a) alone, (b)'s are (b) alone. Codes live 60 s, so rounds stay small.</li>
 *   <li>(c) GET /userinfo with the round's Bearer access tokens, with T threads and with one.</li>
 *   <li>(d) Back-channel fan-out: a new person signs in to the five applications (one IdP sign-in,
 *       four authorizations from the live session, five code exchanges), is deactivated over SCIM,
 *       and the time from sending the PATCH until all five receivers have a valid logout_token
 *       (signature from the JWKS, typ, aud, sid, events) is taken; {@code bench.fanout} times.</li>
 * </ol>
 * Warm-up rounds of the same work (bench.warmup, default 4 rounds of authorizations, exchanges and
 * userinfo calls) run before any timing: with fewer, the server's JIT was still compiling the request
 * path during the timed rounds (C2 at 12-15 % of the machine in a JFR recording). Every phase also
 * prints the CPU a request cost the server (bench.serverPid), PostgreSQL and this client, and what
 * other processes took (see {@link Cpu}). Arguments: base URL, admin API key, users (100000), client
 * threads (8), JDBC URL of the server's database (user postgres, no password).
 */
public final class OidcBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SIGNED_IN = 50;
    private static final int FANOUT_APPS = 5;
    private static final String REDIRECT = "http://localhost:1/callback/bench";

    private final String base;
    private final String adminKey;
    private String projectId;
    private String scimToken;
    private final List<String> summary = new ArrayList<>();

    private OidcBenchmark(String base, String adminKey) {
        this.base = base;
        this.adminKey = adminKey;
    }

    /** A registered application as the relying party knows it. */
    record App(String id, String clientId, String secret, String issuer, String redirectUri) {
        String basic() {
            String pair = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
            return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        }
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String adminKey = args[1];
        int users = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        String jdbcUrl = args.length > 4 ? args[4] : "jdbc:postgresql://127.0.0.1:5432/gatehouse_bench_oidc";
        int roundSize = Integer.getInteger("bench.round", 2000);
        int rounds = Integer.getInteger("bench.rounds", 5);
        int userinfoCount = Integer.getInteger("bench.userinfo", 20_000);
        int fanouts = Integer.getInteger("bench.fanout", 10);

        OidcBenchmark bench = new OidcBenchmark(base, adminKey);
        System.out.printf("load average at start: %s%n", load());
        bench.setUp(users, jdbcUrl);
        App app = bench.register("bench", null);
        List<Session> sessions = bench.signIn(app);

        // warm-up: the same work, untimed, numbers thrown away
        int warmups = Integer.getInteger("bench.warmup", 4);
        for (int w = 0; w < warmups; w++) {
            List<Tokens> warm = bench.exchange(app, bench.authorize(app, sessions, roundSize, threads, null), threads, null);
            bench.userinfo(app, warm, 2 * roundSize, threads, null);
        }
        System.out.printf("warm-up done (%d rounds of %d authorizations and exchanges and %d userinfo calls); load average %s%n",
                warmups, roundSize, 2 * roundSize, load());

        Stats authorize = new Stats();
        Stats token = new Stats();
        List<Tokens> last = List.of();
        for (int r = 0; r < rounds; r++) {
            List<Code> codes = bench.authorize(app, sessions, roundSize, threads, authorize);
            last = bench.exchange(app, codes, threads, token);
            System.out.printf("round %d/%d: authorize %.0f/s so far, token %.0f/s so far; load average %s%n",
                    r + 1, rounds, authorize.rate(), token.rate(), load());
        }
        Stats userinfo = new Stats();
        bench.userinfo(app, last, userinfoCount, threads, userinfo);
        String loadUserinfo = load();
        Stats userinfoSingle = new Stats();
        bench.userinfo(app, last, Math.max(1000, userinfoCount / 4), 1, userinfoSingle);

        bench.summary.add(authorize.line("(a) authorize, live session -> 302 with code", threads));
        bench.summary.add(authorize.cpuLine());
        bench.summary.add(token.line("(b) code-for-token POST (client_secret_basic + PKCE)", threads));
        bench.summary.add(token.cpuLine());
        bench.summary.add(userinfo.line("(c) userinfo, Bearer access token", threads) + " [load " + loadUserinfo + "]");
        bench.summary.add(userinfo.cpuLine());
        bench.summary.add(userinfoSingle.line("(c) userinfo, one client thread", 1));
        bench.summary.add(userinfoSingle.cpuLine());

        bench.fanout(threads, fanouts);
        bench.tableSizes(jdbcUrl);
        if (Boolean.parseBoolean(System.getProperty("bench.deleteProject", "false"))) {
            bench.deleteProject(jdbcUrl);
        }

        System.out.println();
        System.out.println("==== OpenID Connect benchmark summary ====");
        System.out.printf("users %d, signed-in sessions %d, client threads %d, rounds %d x %d codes, load average now %s%n",
                users, SIGNED_IN, threads, rounds, roundSize, load());
        bench.summary.forEach(System.out::println);
        System.out.printf("targets: token exchange >= 500/s: %s (%.0f/s); userinfo p99 < 10 ms: %s (%.2f ms at %d threads, %.2f ms at 1)%n",
                token.rate() >= 500 ? "MET" : "NOT MET", token.rate(),
                userinfo.pct(99) < 10 ? "MET" : "NOT MET", userinfo.pct(99), threads, userinfoSingle.pct(99));
        System.out.println("==========================================");
    }

    // ---- (e) the end of the project -----------------------------------------------------------

    /**
     * Deletes the benchmark's project (all its users, memberships, codes, tokens, audit events) through
     * the management API and prints how long that took, and how soon after the DELETE was sent its SCIM
     * token stopped working (a SCIM client polls every 20 ms meanwhile).
     */
    private void deleteProject(String jdbcUrl) throws Exception {
        String name = api("GET", path(""), null, 200).path("name").asText();
        long sent = System.nanoTime();
        long[] refusedAfter = {-1};
        Thread poller = new Thread(() -> {
            try {
                while (refusedAfter[0] < 0 && !Thread.currentThread().isInterrupted()) {
                    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/scim/v2/Users?count=1"))
                            .header("Authorization", "Bearer " + scimToken).GET().build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 401) {
                        refusedAfter[0] = System.nanoTime() - sent;
                    }
                    Thread.sleep(20);
                }
            } catch (Exception e) {
                Thread.currentThread().interrupt();
            }
        });
        poller.start();
        api("DELETE", path("?confirm=" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20")), null, 204);
        long took = System.nanoTime() - sent;
        poller.join(5000);
        long left;
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", ""); Statement s = c.createStatement();
             var r = s.executeQuery("SELECT (SELECT COUNT(*) FROM gh_user WHERE project_id = '" + projectId + "')"
                     + " + (SELECT COUNT(*) FROM gh_membership) + (SELECT COUNT(*) FROM gh_oidc_refresh_token)")) {
            r.next();
            left = r.getLong(1);
        }
        summary.add(String.format("(e) project deleted through DELETE /api/v1/projects/{id}?confirm=<name>: %.1f s;"
                        + " its SCIM token refused (401) %.0f ms after the DELETE was sent; rows left: %d",
                took / 1e9, refusedAfter[0] / 1e6, left));
    }

    // ---- setting up -------------------------------------------------------------------------

    private void setUp(int users, String jdbcUrl) throws Exception {
        projectId = api("POST", "/api/v1/projects", obj("name", "OIDC bench " + System.nanoTime()), 201).path("id").asText();
        String admin = api("POST", path("/roles"), obj("name", "Administrator").put("admin", true), 201).path("id").asText();
        String editor = api("POST", path("/roles"), obj("name", "Editor"), 201).path("id").asText();
        String viewer = api("POST", path("/roles"), obj("name", "Viewer"), 201).path("id").asText();
        // created in priority order: a user in Admins and Editors is an Administrator
        String admins = api("POST", path("/groups"), obj("displayName", "Admins").put("roleId", admin), 201).path("id").asText();
        String editors = api("POST", path("/groups"), obj("displayName", "Editors").put("roleId", editor), 201).path("id").asText();
        String viewers = api("POST", path("/groups"), obj("displayName", "Viewers").put("roleId", viewer), 201).path("id").asText();
        String everyone = api("POST", path("/groups"), obj("displayName", "Everyone"), 201).path("id").asText();
        api("PUT", path("/sso"), obj("idpMetadataUrl", base + "/dev/idp/metadata").put("jitEnabled", true), 200);
        scimToken = api("POST", path("/scim-tokens"), null, 201).path("token").asText();

        long started = System.nanoTime();
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", ""); Statement s = c.createStatement()) {
            // the shape bench/console-users.sh seeds: SCIM, JIT and synced users, 1 in 17 deactivated
            s.execute("INSERT INTO gh_user (id, project_id, user_name, user_name_key, external_id, given_name, family_name,"
                    + " display_name, email, email_key, email_type, active, origin, created_at, last_modified, version)"
                    + " SELECT md5('u' || i)::uuid::text, '" + projectId + "', 'user' || lpad(i::text, 7, '0') || '@example.com',"
                    + " 'user' || lpad(i::text, 7, '0') || '@example.com', 'ext-' || i, 'Given' || i, 'Family' || i,"
                    + " 'Given' || i || ' Family' || i, 'user' || lpad(i::text, 7, '0') || '@example.com',"
                    + " 'user' || lpad(i::text, 7, '0') || '@example.com', 'work', i % 17 <> 0,"
                    + " CASE WHEN i % 10 = 0 THEN 'SYNCED' WHEN i % 3 = 0 THEN 'JIT' ELSE 'SCIM' END,"
                    + " now() - make_interval(secs => " + users + " - i), now() - make_interval(secs => i), 1"
                    + " FROM generate_series(1, " + users + ") AS i");
            member(s, everyone, users, 1);
            member(s, viewers, users, 3);
            member(s, editors, users, 4);
            member(s, admins, users, 50);
            s.execute("ANALYZE"); // autovacuum is off on this machine's PostgreSQL: what it would do after a bulk load
        }
        System.out.printf("seeded %d users (SQL) and their memberships in Everyone, Viewers (1 in 3), Editors (1 in 4),"
                + " Admins (1 in 50) in %.1f s%n", users, (System.nanoTime() - started) / 1e9);
    }

    private static void member(Statement s, String group, int users, int every) throws Exception {
        s.execute("INSERT INTO gh_membership (group_id, user_id, created_at) SELECT '" + group + "', md5('u' || i)::uuid::text, now()"
                + " FROM generate_series(1, " + users + ") AS i WHERE i % " + every + " = 0");
    }

    private App register(String name, String backchannelUri) throws Exception {
        ObjectNode body = obj("name", name + "-" + System.nanoTime()).put("public", false).put("accessTokenSeconds", 300);
        body.putArray("redirectUris").add(REDIRECT + "/" + name);
        body.putArray("postLogoutRedirectUris").add(REDIRECT + "/" + name + "/signed-out");
        if (backchannelUri == null) {
            body.putNull("backchannelLogoutUri");
        } else {
            body.put("backchannelLogoutUri", backchannelUri);
        }
        JsonNode app = api("POST", path("/applications"), body, 201);
        return new App(app.path("id").asText(), app.path("clientId").asText(), app.path("clientSecret").asText(),
                app.path("issuer").asText(), REDIRECT + "/" + name);
    }

    /** {@value #SIGNED_IN} people signed in through the mock IdP, with the groups the IdP asserts. */
    private List<Session> signIn(App app) throws Exception {
        String[] groups = {"Everyone,Viewers", "Everyone,Editors,Viewers", "Everyone,Admins,Editors", "Everyone"};
        List<Session> sessions = Collections.synchronizedList(new ArrayList<>());
        long started = System.nanoTime();
        // one at a time: first sign-ins at once that join the same group conflict on the group's
        // version (Groups.addMembers touches it) and one of them answers 500 after SamlSignIn's one retry
        parallel(1, SIGNED_IN, i -> {
            Session s = new Session();
            Authorization a = Authorization.of(app, RANDOM);
            URI callback = s.signIn(base, a.url(), "signin" + i + "@bench.example.com", groups[i % groups.length]);
            check(code(callback, a) != null, "sign-in " + i + " ends with a code: " + callback);
            sessions.add(s);
        });
        System.out.printf("signed in %d people through the mock IdP (JIT) in %.1f s%n", SIGNED_IN, (System.nanoTime() - started) / 1e9);
        return new ArrayList<>(sessions);
    }

    // ---- (a), (b), (c) -----------------------------------------------------------------------

    record Code(String code, String verifier) {
    }

    record Tokens(String accessToken, String idToken) {
    }

    /** An authorization request with its PKCE verifier, state and nonce, built before the clock runs. */
    record Authorization(URI url, String verifier, String state) {
        static Authorization of(App app, Random random) {
            String verifier = random(random, 32);
            String state = random(random, 12);
            String url = app.issuer() + "/authorize?response_type=code&scope=openid%20profile%20email&client_id="
                    + enc(app.clientId()) + "&redirect_uri=" + enc(app.redirectUri()) + "&state=" + state + "&nonce=" + random(random, 12)
                    + "&code_challenge=" + challenge(verifier) + "&code_challenge_method=S256";
            return new Authorization(URI.create(url), verifier, state);
        }
    }

    private List<Code> authorize(App app, List<Session> sessions, int count, int threads, Stats stats) throws Exception {
        Authorization[] requests = new Authorization[count];
        for (int i = 0; i < count; i++) {
            requests[i] = Authorization.of(app, RANDOM);
        }
        Code[] codes = new Code[count];
        Stats phase = new Stats();
        phase.run(threads, count, i -> {
            Session session = sessions.get(i % sessions.size());
            HttpRequest request = HttpRequest.newBuilder(requests[i].url()).header("Cookie", session.cookieHeader())
                    .header("Accept", "text/html").timeout(Duration.ofSeconds(60)).GET().build();
            long t0 = System.nanoTime();
            HttpResponse<Void> response = HTTP.send(request, HttpResponse.BodyHandlers.discarding());
            long t1 = System.nanoTime();
            check(response.statusCode() == 302, "authorize answered " + response.statusCode());
            String code = code(URI.create(response.headers().firstValue("Location").orElse("")), requests[i]);
            check(code != null, "authorize with a live session redirects with a code: " + response.headers().firstValue("Location"));
            codes[i] = new Code(code, requests[i].verifier());
            return t1 - t0;
        });
        if (stats != null) {
            stats.add(phase);
        }
        List<Code> list = new ArrayList<>();
        Collections.addAll(list, codes);
        return list;
    }

    private List<Tokens> exchange(App app, List<Code> codes, int threads, Stats stats) throws Exception {
        String[] bodies = codes.stream().map(c -> "grant_type=authorization_code&code=" + enc(c.code()) + "&redirect_uri="
                + enc(app.redirectUri()) + "&code_verifier=" + enc(c.verifier())).toArray(String[]::new);
        Tokens[] tokens = new Tokens[bodies.length];
        URI endpoint = URI.create(app.issuer() + "/token");
        String basic = app.basic();
        Stats phase = new Stats();
        phase.run(threads, bodies.length, i -> {
            HttpRequest request = HttpRequest.newBuilder(endpoint).header("Authorization", basic)
                    .header("Content-Type", "application/x-www-form-urlencoded").timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(bodies[i])).build();
            long t0 = System.nanoTime();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            long t1 = System.nanoTime();
            check(response.statusCode() == 200, "token answered " + response.statusCode() + " " + response.body());
            JsonNode json = JSON.readTree(response.body());
            check(json.hasNonNull("refresh_token"), "a refresh token");
            tokens[i] = new Tokens(json.path("access_token").asText(), json.path("id_token").asText());
            return t1 - t0;
        });
        if (stats != null) {
            stats.add(phase);
        }
        List<Tokens> list = new ArrayList<>();
        Collections.addAll(list, tokens);
        return list;
    }

    private void userinfo(App app, List<Tokens> tokens, int count, int threads, Stats stats) throws Exception {
        URI endpoint = URI.create(app.issuer() + "/userinfo");
        Stats phase = new Stats();
        phase.run(threads, count, i -> {
            HttpRequest request = HttpRequest.newBuilder(endpoint).header("Authorization", "Bearer " + tokens.get(i % tokens.size()).accessToken())
                    .timeout(Duration.ofSeconds(60)).GET().build();
            long t0 = System.nanoTime();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            long t1 = System.nanoTime();
            check(response.statusCode() == 200, "userinfo answered " + response.statusCode() + " " + response.body());
            check(response.body().contains("\"role\""), "userinfo has the role: " + response.body());
            return t1 - t0;
        });
        if (stats != null) {
            stats.add(phase);
        }
    }

    // ---- (d) back-channel logout fan-out -----------------------------------------------------

    /** What the receivers got for one session: which applications, and when the last one arrived. */
    private static final class Arrivals {
        final CountDownLatch all = new CountDownLatch(FANOUT_APPS);
        final Map<Integer, Long> at = new ConcurrentHashMap<>();
    }

    private void fanout(int threads, int repetitions) throws Exception {
        Map<String, Arrivals> bySid = new ConcurrentHashMap<>();
        List<String> problems = new CopyOnWriteArrayList<>();
        Map<String, Integer> appOfClient = new ConcurrentHashMap<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        receiver.setExecutor(Executors.newFixedThreadPool(4));
        List<App> apps = new ArrayList<>();
        JWKSet[] jwks = new JWKSet[1];
        for (int a = 0; a < FANOUT_APPS; a++) {
            int index = a;
            receiver.createContext("/backchannel/" + a, exchange -> {
                long now = System.nanoTime();
                String body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
                try {
                    JWTClaimsSet claims = logoutToken(body, jwks[0], apps.get(index));
                    Arrivals arrivals = bySid.get(claims.getStringClaim("sid"));
                    if (arrivals == null) {
                        problems.add("logout token for an unknown sid " + claims.getStringClaim("sid"));
                    } else if (arrivals.at.putIfAbsent(index, now) == null) {
                        arrivals.all.countDown();
                    }
                } catch (Exception e) {
                    problems.add("application " + index + ": " + e);
                }
            });
        }
        receiver.start();
        int port = receiver.getAddress().getPort();
        for (int a = 0; a < FANOUT_APPS; a++) {
            App app = register("fanout" + a, "http://127.0.0.1:" + port + "/backchannel/" + a);
            apps.add(app);
            appOfClient.put(app.clientId(), a);
        }
        jwks[0] = JWKSet.parse(get(apps.get(0).issuer() + "/jwks"));

        List<Double> toAll = new ArrayList<>();
        List<Double> toFirst = new ArrayList<>();
        List<Double> patch = new ArrayList<>();
        Random jitter = new Random(7);
        for (int r = -1; r < repetitions; r++) { // r = -1: warm-up
            Session s = new Session();
            String sid = null;
            String sub = null;
            for (int a = 0; a < FANOUT_APPS; a++) {
                Authorization request = Authorization.of(apps.get(a), RANDOM);
                URI callback = a == 0
                        ? s.signIn(base, request.url(), "fanout" + (r + 1) + "@bench.example.com", "Everyone,Editors")
                        : s.authorizeLive(request.url());
                String code = code(callback, request);
                check(code != null, "fan-out sign-in to application " + a + ": " + callback);
                Tokens tokens = exchange(apps.get(a), List.of(new Code(code, request.verifier())), 1, null).get(0);
                JWTClaimsSet id = SignedJWT.parse(tokens.idToken()).getJWTClaimsSet();
                check(sid == null || sid.equals(id.getStringClaim("sid")), "one session for the five applications");
                sid = id.getStringClaim("sid");
                sub = id.getSubject();
            }
            Arrivals arrivals = new Arrivals();
            bySid.put(sid, arrivals);
            Thread.sleep(300 + jitter.nextInt(1000)); // not in step with the sender's 1 s poll
            String body = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
                    + "\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}";
            long t0 = System.nanoTime();
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/scim/v2/Users/" + sub))
                    .header("Authorization", "Bearer " + scimToken).header("Content-Type", "application/scim+json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            long patched = System.nanoTime();
            check(answer.statusCode() == 200 || answer.statusCode() == 204, "SCIM deactivation answered " + answer.statusCode()
                    + " " + answer.body());
            check(arrivals.all.await(60, TimeUnit.SECONDS), "all five logout tokens within 60 s (got "
                    + arrivals.at.keySet() + "; problems " + problems + ")");
            long last = Collections.max(arrivals.at.values());
            long first = Collections.min(arrivals.at.values());
            if (r >= 0) {
                toAll.add((last - t0) / 1e6);
                toFirst.add((first - t0) / 1e6);
                patch.add((patched - t0) / 1e6);
            }
            System.out.printf("fan-out %s: SCIM PATCH %.0f ms, first logout token after %.0f ms, all %d after %.0f ms%n",
                    r < 0 ? "warm-up" : String.valueOf(r + 1), (patched - t0) / 1e6, (first - t0) / 1e6, FANOUT_APPS, (last - t0) / 1e6);
        }
        receiver.stop(0);
        ((ExecutorService) receiver.getExecutor()).shutdown();
        check(problems.isEmpty(), "logout tokens: " + problems);
        summary.add(String.format(Locale.ROOT, "(d) back-channel logout to %d applications after SCIM deactivation (%d runs):"
                        + " all received p50 %.0f ms, max %.0f ms; first received p50 %.0f ms; the SCIM PATCH itself p50 %.0f ms",
                FANOUT_APPS, repetitions, pct(toAll, 50), pct(toAll, 100), pct(toFirst, 50), pct(patch, 50)));
    }

    /** The logout token as a relying party checks it (OpenID Connect Back-Channel Logout 1.0, section 2.6). */
    private static JWTClaimsSet logoutToken(String form, JWKSet jwks, App app) throws Exception {
        String token = null;
        for (String pair : form.split("&")) {
            if (pair.startsWith("logout_token=")) {
                token = URLDecoder.decode(pair.substring("logout_token=".length()), StandardCharsets.UTF_8);
            }
        }
        check(token != null, "a logout_token parameter");
        SignedJWT jwt = SignedJWT.parse(token);
        check(new JOSEObjectType("logout+jwt").equals(jwt.getHeader().getType()), "typ logout+jwt");
        RSAKey key = (RSAKey) jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
        check(key != null && jwt.verify(new RSASSAVerifier(key)), "signed with a published key");
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        check(app.issuer().equals(claims.getIssuer()), "iss");
        check(claims.getAudience().contains(app.clientId()), "aud is the application");
        check(claims.getClaim("events") instanceof Map<?, ?> events
                && events.containsKey("http://schemas.openid.net/event/backchannel-logout"), "events");
        check(claims.getClaim("nonce") == null && claims.getStringClaim("sid") != null && claims.getSubject() != null, "sid, sub, no nonce");
        return claims;
    }

    private void tableSizes(String jdbcUrl) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", ""); Statement s = c.createStatement()) {
            StringBuilder line = new StringBuilder("rows after the run:");
            for (String table : List.of("gh_user", "gh_membership", "gh_member_session", "gh_oidc_code", "gh_oidc_refresh_token",
                    "gh_audit_event")) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    line.append(' ').append(table).append(' ').append(rs.getLong(1)).append(',');
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT pg_size_pretty(pg_database_size(current_database()))")) {
                rs.next();
                line.append(" database size ").append(rs.getString(1));
            }
            System.out.println(line);
        }
    }

    // ---- the browser side --------------------------------------------------------------------

    /** One person's browser: a cookie jar (names are unique on this one host), redirects seen one at a time. */
    static final class Session {
        private final Map<String, String> cookies = new LinkedHashMap<>();
        private volatile String header = "";

        String cookieHeader() {
            return header;
        }

        /** Follows the browser through the mock IdP's form until Gatehouse redirects to the application (OidcRp.signIn). */
        URI signIn(String base, URI authorization, String email, String groups) throws Exception {
            Browser.Page page = get(authorization);
            URI at = authorization;
            for (int hops = 0; hops < 10; hops++) {
                check(page.status() == 302, "sign-in hop " + hops + ": " + page);
                URI location = at.resolve(page.location());
                if (location.toString().startsWith(REDIRECT)) {
                    return location;
                }
                if (location.getPath().endsWith("/dev/idp/sso")) {
                    Browser.Page form = get(location);
                    URI post = URI.create(location.toString().substring(0, location.toString().indexOf('?')));
                    Map<String, String> fields = new LinkedHashMap<>();
                    for (String name : List.of("acs", "audience", "inResponseTo", "relayState")) {
                        fields.put(name, form.hidden(name));
                    }
                    fields.put("email", email);
                    fields.put("givenName", "Given");
                    fields.put("familyName", "Family");
                    fields.put("groups", groups);
                    Browser.Page response = post(post, fields);
                    check(response.status() == 200, "mock IdP answered " + response);
                    at = post.resolve(response.formAction());
                    page = post(at, Map.of("SAMLResponse", response.hidden("SAMLResponse"), "RelayState", response.hidden("RelayState")));
                } else {
                    at = location;
                    page = get(location);
                }
            }
            throw new IllegalStateException("no redirect to the application after 10 hops");
        }

        /** An authorization answered from the live session: the redirect to the application. */
        URI authorizeLive(URI authorization) throws Exception {
            Browser.Page page = get(authorization);
            check(page.status() == 302, "authorize with a live session: " + page);
            return authorization.resolve(page.location());
        }

        private Browser.Page get(URI uri) throws Exception {
            return send(HttpRequest.newBuilder(uri).header("Accept", "text/html").GET());
        }

        private Browser.Page post(URI uri, Map<String, String> form) throws Exception {
            String body = form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
            return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "text/html").POST(HttpRequest.BodyPublishers.ofString(body)));
        }

        private synchronized Browser.Page send(HttpRequest.Builder request) throws Exception {
            if (!header.isEmpty()) {
                request.header("Cookie", header);
            }
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            for (String set : response.headers().allValues("Set-Cookie")) {
                for (HttpCookie cookie : HttpCookie.parse(set)) {
                    if (cookie.getMaxAge() == 0 || cookie.getValue().isEmpty()) {
                        cookies.remove(cookie.getName());
                    } else {
                        cookies.put(cookie.getName(), cookie.getValue());
                    }
                }
            }
            header = cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "));
            return new Browser.Page(response.statusCode(), response.body(), response.headers().firstValue("Location").orElse(null));
        }
    }

    /** The code of a redirect to the application, after checking its state and iss; null when it carries none. */
    private static String code(URI callback, Authorization request) {
        Map<String, String> q = query(callback);
        if (q.get("code") == null) {
            return null;
        }
        check(request.state().equals(q.get("state")), "state comes back");
        check(q.get("iss") != null, "iss in the redirect (RFC 9207)");
        return q.get("code");
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> params = new HashMap<>();
        if (uri.getRawQuery() == null) {
            return params;
        }
        for (String pair : uri.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            params.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length < 2 ? "" : URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return params;
    }

    // ---- measuring ---------------------------------------------------------------------------

    interface Timed {
        /** Does the i-th operation and returns the nanoseconds of the part that is timed. */
        long run(int i) throws Exception;
    }

    interface Work {
        void run(int i) throws Exception;
    }

    /** Latencies and wall time of one or more phases; rate = operations / summed wall time of the phases. */
    static final class Stats {
        private final List<Double> millis = Collections.synchronizedList(new ArrayList<>());
        private double seconds;
        private final double[] cpu = new double[Cpu.PARTS + 2]; // CPU seconds spent during the phases, by whom
        private final Map<String, Double> otherProcesses = new ConcurrentHashMap<>();

        void run(int threads, int count, Timed op) throws Exception {
            Cpu.Snapshot before = Cpu.now();
            AtomicInteger next = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> work = new ArrayList<>();
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                work.add(pool.submit(() -> {
                    List<Double> mine = new ArrayList<>();
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        mine.add(op.run(i) / 1e6);
                    }
                    millis.addAll(mine);
                    return null;
                }));
            }
            try {
                for (Future<?> f : work) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            seconds += (System.nanoTime() - start) / 1e9;
            Cpu.Snapshot after = Cpu.now();
            double[] spent = Cpu.delta(before, after);
            Cpu.others(before, after).forEach((k, v) -> otherProcesses.merge(k, v, Double::sum));
            for (int i = 0; i < cpu.length; i++) {
                cpu[i] += spent[i];
            }
        }

        void add(Stats phase) {
            millis.addAll(phase.millis);
            seconds += phase.seconds;
            for (int i = 0; i < cpu.length; i++) {
                cpu[i] += phase.cpu[i];
            }
            phase.otherProcesses.forEach((k, v) -> otherProcesses.merge(k, v, Double::sum));
        }

        /** CPU milliseconds per request: server, PostgreSQL (this database's backends), this client, everything else. */
        String cpuLine() {
            double n = millis.size();
            double others = cpu[Cpu.MACHINE] - cpu[Cpu.SERVER] - cpu[Cpu.DATABASE] - cpu[Cpu.CLIENT];
            return String.format(Locale.ROOT, "    CPU per request: server %.2f ms, PostgreSQL %.2f ms, this client %.2f ms;"
                            + " other processes %.2f ms (machine busy %.0f %% of %d cores during the phases);"
                            + " PostgreSQL connections opened %.0f, closed %.0f",
                    1000 * cpu[Cpu.SERVER] / n, 1000 * cpu[Cpu.DATABASE] / n, 1000 * cpu[Cpu.CLIENT] / n, 1000 * others / n,
                    100 * cpu[Cpu.MACHINE] / (seconds * Cpu.CORES), Cpu.CORES, cpu[Cpu.STARTED], cpu[Cpu.ENDED])
                    + otherProcesses.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(3)
                    .map(e -> String.format(Locale.ROOT, "%n      other: %.2f ms/request %s", 1000 * e.getValue() / n, e.getKey()))
                    .collect(Collectors.joining());
        }

        double rate() {
            return millis.size() / seconds;
        }

        double pct(int percentile) {
            return OidcBenchmark.pct(millis, percentile);
        }

        String line(String what, int threads) {
            return String.format(Locale.ROOT, "%s: %d requests, %d client threads: %.0f/s; p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.1f ms",
                    what, millis.size(), threads, rate(), pct(50), pct(90), pct(99), pct(100));
        }
    }

    /**
     * CPU time from /proc (Linux): the server JVM (pid in bench.serverPid), the PostgreSQL backends
     * serving this benchmark's database (bench.database), this JVM, and the whole machine, so each
     * phase can say what a request costs and how much of the two cores other work took.
     */
    static final class Cpu {
        static final int SERVER = 0;
        static final int DATABASE = 1;
        static final int CLIENT = 2;
        static final int MACHINE = 3;
        static final int PARTS = 4;
        static final int STARTED = 4; // PostgreSQL backends (connections) started during the phase
        static final int ENDED = 5;
        static final int CORES = Runtime.getRuntime().availableProcessors();
        private static final double TICK = 100.0; // USER_HZ (getconf CLK_TCK) on Linux
        private static final String SERVER_PID = System.getProperty("bench.serverPid");
        private static final String DATABASE_NAME = System.getProperty("bench.database", "gatehouse_bench_oidc");

        /** CPU seconds so far: the four parts, and each backend of the database by pid. */
        record Snapshot(double[] parts, Map<String, Double> backends, Map<String, Double> all, Map<String, String> names) {
        }

        static Snapshot now() {
            double[] t = new double[PARTS];
            Map<String, Double> backends = new HashMap<>();
            Map<String, Double> all = new HashMap<>();
            Map<String, String> names = new HashMap<>();
            t[SERVER] = SERVER_PID == null ? 0 : process(SERVER_PID);
            t[CLIENT] = process(String.valueOf(ProcessHandle.current().pid()));
            try (var procs = Files.list(Path.of("/proc"))) {
                for (Path dir : (Iterable<Path>) procs::iterator) {
                    String name = dir.getFileName().toString();
                    if (name.chars().allMatch(Character::isDigit)) {
                        try {
                            String cmd = Files.readString(dir.resolve("cmdline"));
                            double used = process(name);
                            if (cmd.startsWith("postgres: ") && cmd.contains(" " + DATABASE_NAME + " ")) {
                                backends.put(name, used);
                            }
                            all.put(name, used);
                            names.put(name, cmd.replace('\0', ' ').strip());
                        } catch (IOException gone) {
                            // the process ended between the listing and the read
                        }
                    }
                }
                String[] stat = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                double busy = 0;
                for (int i = 1; i < stat.length && i <= 8; i++) {
                    if (i != 4 && i != 5) { // not idle, not iowait
                        busy += Long.parseLong(stat[i]);
                    }
                }
                t[MACHINE] = busy / TICK;
            } catch (IOException | RuntimeException e) {
                // not Linux: no CPU figures
            }
            return new Snapshot(t, backends, all, names);
        }

        /**
         * What was spent between two snapshots; PostgreSQL per backend, so a connection the pool closed
         * in between takes only its own last CPU time with it (counted under "other processes"), and
         * the backends started and ended in between are counted.
         */
        static double[] delta(Snapshot before, Snapshot after) {
            double[] d = new double[PARTS + 2];
            for (int i = 0; i < PARTS; i++) {
                d[i] = after.parts()[i] - before.parts()[i];
            }
            for (Map.Entry<String, Double> b : after.backends().entrySet()) {
                Double was = before.backends().get(b.getKey());
                d[DATABASE] += b.getValue() - (was == null ? 0 : was);
                d[STARTED] += was == null ? 1 : 0;
            }
            d[ENDED] = before.backends().keySet().stream().filter(pid -> !after.backends().containsKey(pid)).count();
            return d;
        }

        /** CPU seconds of the other processes between two snapshots, by a short name of their command. */
        static Map<String, Double> others(Snapshot before, Snapshot after) {
            Map<String, Double> spent = new HashMap<>();
            String self = String.valueOf(ProcessHandle.current().pid());
            for (Map.Entry<String, Double> p : after.all().entrySet()) {
                String pid = p.getKey();
                if (pid.equals(SERVER_PID) || pid.equals(self) || after.backends().containsKey(pid)) {
                    continue;
                }
                double used = p.getValue() - before.all().getOrDefault(pid, 0.0);
                if (used > 0) {
                    String cmd = after.names().getOrDefault(pid, pid);
                    spent.merge(cmd.substring(0, Math.min(60, cmd.length())), used, Double::sum);
                }
            }
            return spent;
        }

        /** utime + stime of a process, in seconds. */
        private static double process(String pid) {
            try {
                String stat = Files.readString(Path.of("/proc", pid, "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICK; // fields 14 and 15 of proc(5)
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }
    }

    private static void parallel(int threads, int count, Work work) throws Exception {
        new Stats().run(threads, count, i -> {
            work.run(i);
            return 0;
        });
    }

    static double pct(List<Double> values, int percentile) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, Math.max(0, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1)));
    }

    private static String load() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "?";
        }
    }

    // ---- small helpers -----------------------------------------------------------------------

    private String path(String rest) {
        return "/api/v1/projects/" + projectId + rest;
    }

    private static ObjectNode obj(String key, String value) {
        return JSON.createObjectNode().put(key, value);
    }

    private JsonNode api(String method, String path, JsonNode body, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(5))
                .header("Authorization", "Bearer " + adminKey).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        check(response.statusCode() == expected, method + " " + path + " -> " + response.statusCode() + " " + response.body());
        return response.body().isEmpty() ? JSON.missingNode() : JSON.readTree(response.body());
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        check(response.statusCode() == 200, "GET " + url + " -> " + response.statusCode());
        return response.body();
    }

    private static String random(Random random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("benchmark check failed: " + what);
        }
    }
}
