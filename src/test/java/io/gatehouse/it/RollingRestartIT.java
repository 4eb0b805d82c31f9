package io.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.mockidp.MockIdentityProvider;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three Tomcat nodes ({@link TomcatNode}, own CATALINA_BASEs and data directories, one PostgreSQL
 * database) behind a round-robin balancer with health checks and one retry ({@link RoundRobinBalancer},
 * every node's GATEHOUSE_BASE_URL). While SCIM creates and PATCHes, SAML sign-ins and member-area and
 * console requests of signed-in browsers run through the balancer, the nodes are restarted one after
 * another (SIGTERM: the drain takes each out of the balancer before it stops accepting), then one is
 * killed with SIGKILL and started again. Afterwards every acknowledged write is read back, every member
 * session is still signed in, and no request got a 5xx but those in flight on the killed node. The pom's
 * postgresql-rolling run; it manages its own processes, no Arquillian.
 */
class RollingRestartIT {
    private static final Duration READY = Duration.ofSeconds(150);
    private static final Pattern VIEW_STATE = Pattern.compile("name=\"jakarta.faces.ViewState\"[^>]*value=\"([^\"]+)\"");

    private final List<TomcatNode> nodes = new ArrayList<>();
    private RoundRobinBalancer lb;
    private final long t0 = System.currentTimeMillis();
    private final List<String> timeline = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);

    /** What the test expects of a user it created: the last acknowledged state, unless a write was left unanswered. */
    private static final class Written {
        final String id;
        volatile String givenName;
        volatile String version;
        volatile boolean uncertain;

        Written(String id, String givenName, String version) {
            this.id = id;
            this.givenName = givenName;
            this.version = version;
        }
    }

    private final Map<String, Written> written = new ConcurrentHashMap<>();
    private final AtomicInteger acknowledgedWrites = new AtomicInteger();
    private final List<Browser> members = new CopyOnWriteArrayList<>();
    /** kind -> status -> count, as the test's clients saw them (status 0: the client got no answer). */
    private final Map<String, Map<Integer, AtomicInteger>> seen = new ConcurrentHashMap<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopEverything() throws InterruptedException {
        running.set(false);
        for (TomcatNode node : nodes) {
            if (node.alive()) {
                node.kill();
            }
        }
        if (lb != null) {
            lb.close();
        }
    }

    @Test
    void restartsAndAKillUnderLoadLoseNoAcknowledgedWriteNoSessionAndAnswerNo5xx() throws Exception {
        lb = RoundRobinBalancer.start(Integer.getInteger("it.rolling.lb.port"), "/gatehouse/health/ready");
        String[] ports = System.getProperty("it.rolling.ports").split(",");
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("gatehouse.db.driver", System.getProperty("it.db.driver"));
        settings.put("gatehouse.db.url", System.getProperty("it.db.url"));
        settings.put("gatehouse.db.user", System.getProperty("it.db.user"));
        settings.put("gatehouse.db.password", "");
        settings.put("GATEHOUSE_ADMIN_API_KEY", System.getProperty("it.admin.key"));
        settings.put("GATEHOUSE_ADMIN_PASSWORD", System.getProperty("it.admin.password"));
        settings.put("GATEHOUSE_KEY_ENCRYPTION_KEY", System.getProperty("it.cluster.kek"));
        settings.put("GATEHOUSE_BASE_URL", lb.base() + "/gatehouse");
        settings.put("GATEHOUSE_DEV_MODE", "true");
        // 3 s: twelve health checks of the balancer; -Dit.rolling.drain.seconds=0 shows what happens without
        settings.put("GATEHOUSE_DRAIN_SECONDS", System.getProperty("it.rolling.drain.seconds", "3"));
        for (int i = 0; i < 3; i++) {
            TomcatNode node = TomcatNode.create("node-" + (i + 1), Integer.parseInt(ports[i].trim()), settings);
            nodes.add(node);
            lb.add(node.name, node.port);
        }
        // all three at once on the empty database, as README "Scale-out" allows (Flyway migrates under a lock)
        for (TomcatNode node : nodes) {
            node.start();
        }
        for (TomcatNode node : nodes) {
            node.awaitReady(READY);
            awaitInRotation(node);
        }
        mark("three nodes ready");

        URL pub = URI.create(lb.base() + "/gatehouse/").toURL();
        Scim scim = Scim.forNewProject(pub);
        Saml saml = Saml.project(Api.admin(pub), true);
        for (int i = 0; i < 4; i++) {
            Browser member = signIn(saml);
            assertTrue(member != null, "sign-in before the restarts: " + problems);
            members.add(member);
        }
        Browser admin = consoleSignIn(pub);
        assertTrue(admin != null, "the console admin signs in through the balancer: " + seen.get("console sign-in"));
        mark("load starts");

        ExecutorService load = Executors.newFixedThreadPool(5);
        load.submit(() -> writeLoop(scim, 0));
        load.submit(() -> writeLoop(scim, 1));
        load.submit(() -> memberLoop(saml));
        load.submit(() -> signInLoop(saml));
        load.submit(() -> consoleLoop(pub, admin));
        Thread.sleep(1000);

        List<long[]> graceful = new ArrayList<>();
        for (TomcatNode node : nodes) {
            long from = System.currentTimeMillis();
            mark("SIGTERM " + node.name);
            node.stop(Duration.ofSeconds(60));
            mark(node.name + " exited (" + node.exitValue() + ")");
            node.start();
            node.awaitReady(READY);
            awaitInRotation(node);
            mark(node.name + " back in rotation");
            graceful.add(new long[] {from, System.currentTimeMillis()});
        }
        Thread.sleep(500);
        TomcatNode victim = nodes.get(1);
        int inFlight = inFlight(victim);
        long killedAt = System.currentTimeMillis();
        victim.kill();
        mark("SIGKILL " + victim.name + " with " + inFlight + " request(s) in flight");
        victim.start();
        victim.awaitReady(READY);
        awaitInRotation(victim);
        mark(victim.name + " back in rotation");
        Thread.sleep(1000);
        running.set(false);
        load.shutdown();
        assertTrue(load.awaitTermination(90, TimeUnit.SECONDS), "the load stopped");
        mark("load stopped");

        // every acknowledged write is there, as acknowledged
        int found = 0;
        int uncertain = 0;
        List<String> lost = new ArrayList<>();
        for (Written user : written.values()) {
            Api.Reply read = scim.get("/Users/" + user.id);
            if (read.status() != 200) {
                lost.add(user.id + ": " + read.status());
                continue;
            }
            if (user.uncertain) {
                uncertain++;
                found++;
                continue;
            }
            String given = read.json().path("name").path("givenName").asText();
            String version = read.json().path("meta").path("version").asText();
            if (given.equals(user.givenName) && version.equals(user.version)) {
                found++;
            } else {
                lost.add(user.id + ": " + given + " " + version + " instead of " + user.givenName + " " + user.version);
            }
        }
        // every member session is still signed in
        int kept = 0;
        for (Browser member : members) {
            if (member.getJson(saml.meUrl()).status() == 200) {
                kept++;
            }
        }
        boolean adminKept = admin.get(pub + "console/index.xhtml").body().contains("Sign out");
        timeline.add("console admin still signed in: " + adminKept);
        List<RoundRobinBalancer.ServerError> errors = lb.serverErrors();
        long killWindowEnd = killedAt + 5000;
        List<RoundRobinBalancer.ServerError> outsideKill = errors.stream()
                .filter(e -> e.epochMillis() < killedAt - 1000 || e.epochMillis() > killWindowEnd).toList();
        String summary = summary(written.size(), found, uncertain, kept, errors, inFlight, graceful);
        System.out.println(summary);
        Files.writeString(Path.of(System.getProperty("it.work.dir")).resolveSibling("rolling-restart-summary.txt"), summary);

        assertEquals(List.of(), lost, "acknowledged writes not found as acknowledged");
        assertTrue(acknowledgedWrites.get() > 20, "enough writes were acknowledged to mean something: " + acknowledgedWrites);
        assertEquals(members.size(), kept, "member sessions still signed in");
        assertTrue(adminKept, "the console admin is still signed in");
        assertEquals(List.of(), problems, "sign-ins, member-area and console requests during the restarts");
        assertEquals(List.of(), outsideKill, "5xx outside the moment of the kill (graceful restarts answer none)");
        assertTrue(errors.size() <= inFlight, "5xx at most the requests in flight on the killed node: " + errors);
    }

    private void mark(String event) {
        timeline.add(String.format("%7.1f s  %s", (System.currentTimeMillis() - t0) / 1000.0, event));
    }

    private void awaitInRotation(TomcatNode node) throws InterruptedException {
        RoundRobinBalancer.Node backend = backend(node);
        long deadline = System.currentTimeMillis() + 10_000;
        while (!backend.healthy()) {
            assertTrue(System.currentTimeMillis() < deadline, node.name + " never passed the balancer's health check");
            Thread.sleep(50);
        }
    }

    private RoundRobinBalancer.Node backend(TomcatNode node) {
        return lb.node(node.name);
    }

    private int inFlight(TomcatNode node) {
        return backend(node).inFlight();
    }

    private void count(String kind, int status) {
        seen.computeIfAbsent(kind, k -> new ConcurrentHashMap<>()).computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
    }

    /** Creates users and PATCHes its own ones (one writer per user, so the last acknowledged state is the expected one). */
    private void writeLoop(Scim scim, int writer) {
        List<Written> own = new ArrayList<>();
        int n = 0;
        while (running.get()) {
            n++;
            String given = "G" + n;
            try {
                Api.Reply created = scim.post("/Users", Scim.oktaUser("w" + writer + "-" + n + "@roll.example.com", given, "Writer" + writer));
                count("SCIM create", created.status());
                if (created.status() == 201) {
                    Written user = new Written(created.id(), given, created.json().path("meta").path("version").asText());
                    written.put(user.id, user);
                    own.add(user);
                    acknowledgedWrites.incrementAndGet();
                }
            } catch (RuntimeException e) {
                count("SCIM create", 0);
            }
            List<Written> certain = own.stream().filter(u -> !u.uncertain).toList();
            if (!certain.isEmpty()) {
                Written user = certain.get(ThreadLocalRandom.current().nextInt(certain.size()));
                String next = "P" + n;
                try {
                    Api.Reply patched = scim.patch("/Users/" + user.id, Scim.patchOf(Scim.op("replace", "name.givenName", next)));
                    count("SCIM PATCH", patched.status());
                    if (patched.status() == 200) {
                        user.givenName = next;
                        user.version = patched.json().path("meta").path("version").asText();
                        acknowledgedWrites.incrementAndGet();
                    } else {
                        user.uncertain = true;
                    }
                } catch (RuntimeException e) {
                    count("SCIM PATCH", 0);
                    user.uncertain = true; // no answer: the write may or may not have happened
                }
            }
            pause(60);
        }
    }

    /** Member-area GETs of every signed-in browser, round and round. */
    private void memberLoop(Saml saml) {
        String me = saml.meUrl();
        while (running.get()) {
            for (Browser member : members) {
                try {
                    int status = member.getJson(me).status();
                    count("member /me", status);
                    if (status != 200) {
                        problems.add(String.format("%.1f s member /me %d", (System.currentTimeMillis() - t0) / 1000.0, status));
                    }
                } catch (RuntimeException e) {
                    count("member /me", 0);
                    problems.add("member /me: " + e);
                }
                pause(40);
            }
        }
    }

    private void signInLoop(Saml saml) {
        while (running.get()) {
            Browser member = signIn(saml);
            if (member != null) {
                members.add(member);
            }
            pause(800);
        }
    }

    /**
     * An SP-initiated sign-in through the balancer: the AuthnRequest from one node, the response (the
     * test's IdP, as the dev mock IdP builds it) posted to whichever node comes next, then /me. The
     * browser, or null (and a problem recorded) when a step failed.
     */
    private Browser signIn(Saml saml) {
        Browser browser = new Browser();
        try {
            Browser.Page init = browser.get(saml.signOnUrl);
            count("sign-in start", init.status());
            if (init.status() != 302) {
                problems.add("sign-in start " + init.status());
                return null;
            }
            Map<String, String> query = SamlSignInIT.query(URI.create(init.location()).getRawQuery());
            Matcher id = Pattern.compile(" ID=\"([^\"]+)\"").matcher(SamlSignInIT.inflate(query.get("SAMLRequest")));
            if (!id.find()) {
                problems.add("sign-in start without an AuthnRequest ID");
                return null;
            }
            MockIdentityProvider.Options options = saml.options();
            options.inResponseTo = id.group(1);
            String email = Api.unique("member") + "@roll.example.com";
            String xml = saml.idp.responseXml(Saml.person(email), options);
            Browser.Page acs = Saml.postTo(browser, saml.acsUrl, xml, query.get("RelayState"));
            count("sign-in ACS", acs.status());
            if (acs.status() != 302) {
                problems.add("sign-in ACS " + acs.status() + " " + acs.body().substring(0, Math.min(200, acs.body().length())));
                return null;
            }
            Browser.Page me = browser.getJson(saml.meUrl());
            count("member /me", me.status());
            if (me.status() != 200) {
                problems.add("after sign-in /me " + me.status());
                return null;
            }
            return browser;
        } catch (Exception e) {
            count("sign-in", 0);
            problems.add("sign-in: " + e);
            return null;
        }
    }

    /**
     * The console's admin signed in over plain HTTP (the Faces form), or null. The form is rendered by
     * one node and posted to the next: the view state and the sign-in live in the shared session.
     */
    private Browser consoleSignIn(URL pub) {
        for (int attempt = 0; attempt < 1; attempt++) {
            Browser browser = new Browser();
            try {
                Browser.Page login = browser.get(pub + "console/login.xhtml");
                Matcher state = VIEW_STATE.matcher(login.body());
                if (login.status() != 200 || !state.find()) {
                    continue;
                }
                Map<String, String> form = new LinkedHashMap<>();
                form.put("signIn", "signIn");
                form.put("signIn:username", "admin");
                form.put("signIn:password", System.getProperty("it.admin.password"));
                form.put("signIn:submit", "");
                form.put("jakarta.faces.ViewState", state.group(1).replace("&#58;", ":"));
                Browser.Page signedIn = browser.post(pub + "console/login.xhtml", form);
                count("console sign-in", signedIn.status());
                if (signedIn.status() == 302 && signedIn.location() != null && !signedIn.location().contains("login.xhtml")) {
                    return browser; // signed in on the node that took the post
                }
            } catch (RuntimeException e) {
                count("console sign-in", 0);
            }
        }
        return null;
    }

    /** Console GETs of the signed-in admin, on whichever node: each must be the signed-in project list. */
    private void consoleLoop(URL pub, Browser admin) {
        while (running.get()) {
            try {
                Browser.Page page = admin.get(pub + "console/index.xhtml");
                count("console index", page.status());
                if (page.status() != 200 || !page.body().contains("Sign out")) {
                    problems.add("console index: " + page.status() + " " + page.location());
                }
            } catch (RuntimeException e) {
                count("console index", 0);
                problems.add("console index: " + e);
            }
            pause(250);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String summary(int users, int found, int uncertain, int kept, List<RoundRobinBalancer.ServerError> errors,
                           int inFlight, List<long[]> graceful) {
        StringBuilder out = new StringBuilder("\n===== RollingRestartIT summary =====\n");
        out.append("requests through the balancer: ").append(lb.requests()).append(" (retried on another node: ")
                .append(lb.retries()).append(")\n");
        out.append("acknowledged writes (SCIM 201 create, 200 PATCH): ").append(acknowledgedWrites).append(" on ")
                .append(users).append(" users\n");
        out.append("users found afterwards as acknowledged: ").append(found).append(" of ").append(users)
                .append(" (of which ").append(uncertain).append(" had a later write left unanswered, checked for existence only)\n");
        out.append("member sessions still signed in: ").append(kept).append(" of ").append(members.size()).append('\n');
        out.append("5xx answered: ").append(errors.size()).append(" (requests in flight on the killed node: ").append(inFlight).append(")\n");
        for (RoundRobinBalancer.ServerError e : errors) {
            out.append(String.format("  %7.1f s  %d from %s: %s%n", (e.epochMillis() - t0) / 1000.0, e.status(), e.node(), e.request()));
        }
        for (long[] window : graceful) {
            out.append(String.format("graceful restart %.1f s - %.1f s (%.1f s)%n", (window[0] - t0) / 1000.0,
                    (window[1] - t0) / 1000.0, (window[1] - window[0]) / 1000.0));
        }
        out.append("answers per node and status: ").append(lb.statuses()).append('\n');
        Map<String, Map<Integer, Integer>> clients = new TreeMap<>();
        seen.forEach((kind, counts) -> {
            Map<Integer, Integer> byStatus = new TreeMap<>();
            counts.forEach((status, count) -> byStatus.put(status, count.get()));
            clients.put(kind, byStatus);
        });
        out.append("what the clients saw (0 = no answer): ").append(clients).append('\n');
        out.append("problems: ").append(problems).append('\n');
        out.append("timeline:\n");
        timeline.forEach(line -> out.append("  ").append(line).append('\n'));
        return out.append("====================================\n").toString();
    }
}
