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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The SCIM benchmark (run by bench/scim.sh against a Gatehouse on PostgreSQL; not part of the test
 * suite). Seeds users through SCIM and prints throughput and latencies; see BENCHMARKS.md.
 *
 * <p>Raw JDBC on the same database is the baseline: the same user rows are inserted into
 * {@code gh_user_jdbc}, a copy of {@code gh_user} with the same indexes ({@code LIKE ... INCLUDING ALL})
 * and the same foreign key to the project, one row per transaction with the same number of threads,
 * and looked up with prepared statements at the same table sizes. Each JDBC phase runs right after the
 * SCIM phase it is compared with; the summary prints SCIM, JDBC and the ratio.
 *
 * <p>Arguments: base URL, admin API key, number of users (default 100000), client threads (default 8),
 * JDBC URL of the server's database (default jdbc:postgresql://127.0.0.1:5432/gatehouse_bench, user
 * postgres, no password).
 */
public final class ScimBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private static final String JDBC_TABLE = "gh_user_jdbc";

    private final String base;
    private String token;
    private String projectId;

    private ScimBenchmark(String base) {
        this.base = base;
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String adminKey = args[1];
        int total = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        String jdbcUrl = args.length > 4 ? args[4] : "jdbc:postgresql://127.0.0.1:5432/gatehouse_bench";
        ScimBenchmark bench = new ScimBenchmark(base);
        bench.setUp(adminKey);
        Jdbc jdbc = new Jdbc(jdbcUrl, bench.projectId);
        jdbc.createTable();
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        List<String> summary = new ArrayList<>();

        int first = Math.min(10_000, total);
        double rate = bench.createUsers(0, first, threads, ids);
        System.out.printf("create users 0..%d: %.0f users/s (%d client threads)%n", first, rate, threads);
        jdbc.analyze();
        Latencies scim = bench.lookups(first);
        double jdbcRate = jdbc.insertUsers(0, first, threads);
        jdbc.analyze();
        System.out.printf("JDBC insert rows 0..%d: %.0f rows/s (%d threads, one row per transaction)%n", first, jdbcRate, threads);
        Latencies raw = jdbc.lookups(first);
        compare(summary, "0.." + first, rate, jdbcRate, first, scim, raw);
        if (total > first) {
            rate = bench.createUsers(first, total, threads, ids);
            System.out.printf("create users %d..%d: %.0f users/s%n", first, total, rate);
            jdbc.analyze();
            scim = bench.lookups(total);
            jdbcRate = jdbc.insertUsers(first, total, threads);
            jdbc.analyze();
            System.out.printf("JDBC insert rows %d..%d: %.0f rows/s%n", first, total, jdbcRate);
            raw = jdbc.lookups(total);
            compare(summary, first + ".." + total, rate, jdbcRate, total, scim, raw);
        }
        jdbc.dropTable(); // the later phases run against the server's tables only, as before
        System.out.println("SCIM vs raw JDBC on the same database (latency: SCIM / JDBC; throughput: JDBC / SCIM):");
        summary.forEach(System.out::println);
        bench.page(total);
        bench.bigGroup(ids, jdbc);
    }

    /** p50 and p99 in ms of the 500 lookups by userName and by externalId. */
    record Latencies(double userNameP50, double userNameP99, double externalIdP50, double externalIdP99) {
    }

    private static void compare(List<String> summary, String range, double scimRate, double jdbcRate, int size,
            Latencies scim, Latencies jdbc) {
        summary.add(String.format(Locale.ROOT, "  create %s: SCIM %.0f users/s, JDBC %.0f rows/s, SCIM costs %.1fx raw JDBC",
                range, scimRate, jdbcRate, jdbcRate / scimRate));
        summary.add(row(size, "userName eq", "p50", scim.userNameP50(), jdbc.userNameP50()));
        summary.add(row(size, "userName eq", "p99", scim.userNameP99(), jdbc.userNameP99()));
        summary.add(row(size, "externalId eq", "p50", scim.externalIdP50(), jdbc.externalIdP50()));
        summary.add(row(size, "externalId eq", "p99", scim.externalIdP99(), jdbc.externalIdP99()));
    }

    private static String row(int size, String what, String percentile, double scim, double jdbc) {
        return String.format(Locale.ROOT, "  %s at %d users %s: SCIM %.2f ms, JDBC %.3f ms, SCIM costs %.1fx raw JDBC",
                what, size, percentile, scim, jdbc, scim / jdbc);
    }

    private void setUp(String adminKey) throws Exception {
        JsonNode project = call("POST", "/api/v1/projects", adminKey, "{\"name\":\"bench-" + System.nanoTime() + "\"}", 201);
        projectId = project.path("id").asText();
        check(!projectId.isEmpty(), "project id in " + project);
        token = call("POST", "/api/v1/projects/" + projectId + "/scim-tokens", adminKey, null, 201).path("token").asText();
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

    private Latencies lookups(int size) throws Exception {
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
        return new Latencies(pct(byUserName, 50), pct(byUserName, 99), pct(byExternalId, 50), pct(byExternalId, 99));
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

    private void bigGroup(List<String> ids, Jdbc jdbc) throws Exception {
        String group = scim("POST", "/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"big\"}", 201)
                .path("id").asText();
        List<String> members = new ArrayList<>(ids);
        thousandMemberPatches(members);
        jdbc.analyze();
        double thousand = timed(() -> scim("PATCH", "/Groups/" + group, addMembers(members.subList(0, 1000)), 204));
        System.out.printf("PATCH adding 1,000 members to the big group: %.0f ms%n", thousand);
        List<Double> fiveThousand = new ArrayList<>();
        for (int i = 1000; i < members.size(); i += 5000) {
            jdbc.analyze(); // untimed: what autovacuum does as the membership table grows
            List<String> batch = members.subList(i, Math.min(members.size(), i + 5000));
            fiveThousand.add(timed(() -> scim("PATCH", "/Groups/" + group, addMembers(batch), 204)));
        }
        System.out.printf("PATCHes adding the other %d members (5,000 per PATCH): %.1f s in all, p50 %.0f ms, max %.0f ms%n",
                members.size() - 1000, fiveThousand.stream().mapToDouble(Double::doubleValue).sum() / 1000,
                pct(fiveThousand, 50), pct(fiveThousand, 100));
        jdbc.analyze();
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

    /** Ten PATCHes, each adding 1,000 different users to a new group: one sample is too noisy to report. */
    private void thousandMemberPatches(List<String> members) throws Exception {
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String group = scim("POST", "/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                    + "\"displayName\":\"thousand-" + i + "\"}", 201).path("id").asText();
            int from = (i * 1000) % Math.max(1, members.size() - 1000);
            times.add(timed(() -> scim("PATCH", "/Groups/" + group, addMembers(members.subList(from, from + 1000)), 204)));
        }
        System.out.printf("PATCH adding 1,000 members to a group (10 groups): p50 %.0f ms, max %.0f ms%n",
                pct(times, 50), pct(times, 100));
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

    /**
     * The baseline: the rows POST /Users writes into gh_user, written with plain JDBC into a copy of the
     * table, and the lookups the two filters do, as prepared statements. Same database, same client
     * machine, same thread count; no HTTP, JSON, JPA, audit event or duplicate check.
     */
    private static final class Jdbc {
        private static final String COLUMNS = "id, project_id, user_name, user_name_key, external_id, given_name, family_name,"
                + " display_name, email, email_key, email_type, scim_attributes, active, origin, password_hash, created_at,"
                + " last_modified, failed_sign_ins, sign_in_locked_until, version";

        private final String url;
        private final String projectId;

        Jdbc(String url, String projectId) {
            this.url = url;
            this.projectId = projectId;
        }

        Connection connect() throws SQLException {
            return DriverManager.getConnection(url, "postgres", "");
        }

        void createTable() throws SQLException {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + JDBC_TABLE);
                // INCLUDING ALL copies the primary key, the unique (project_id, user_name_key) and the
                // other indexes, defaults and NOT NULLs; the foreign key is added as gh_user has it
                s.execute("CREATE TABLE " + JDBC_TABLE + " (LIKE gh_user INCLUDING ALL)");
                s.execute("ALTER TABLE " + JDBC_TABLE + " ADD CONSTRAINT fk_user_jdbc_project FOREIGN KEY (project_id)"
                        + " REFERENCES gh_project (id) ON DELETE CASCADE");
            }
        }

        /**
         * Refreshes the planner's statistics, as autovacuum does in a normal PostgreSQL after a bulk
         * load. This machine's PostgreSQL runs with autovacuum off, so without it every table looks
         * empty to the planner and both sides get plans no production database would use.
         */
        void analyze() throws SQLException {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                s.execute("ANALYZE");
            }
        }

        void dropTable() throws SQLException {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                s.execute("DROP TABLE " + JDBC_TABLE);
            }
        }

        /** Rows from..to, one per transaction (autocommit), one connection per thread opened before the clock starts. */
        double insertUsers(int from, int to, int threads) throws Exception {
            List<Connection> connections = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                connections.add(connect());
            }
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                long start = System.nanoTime();
                List<Future<?>> work = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int worker = t;
                    Connection c = connections.get(t);
                    work.add(pool.submit(() -> {
                        try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + JDBC_TABLE + " (" + COLUMNS
                                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                            for (int i = from + worker; i < to; i += threads) {
                                bind(insert, i);
                                check(insert.executeUpdate() == 1, "row " + i + " inserted");
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : work) {
                    f.get();
                }
                return (to - from) / ((System.nanoTime() - start) / 1e9);
            } finally {
                pool.shutdown();
                for (Connection c : connections) {
                    c.close();
                }
            }
        }

        /** The columns POST /Users sets for {@link ScimBenchmark#user(int)} (version 1 as JPA's first version). */
        private void bind(PreparedStatement insert, int i) throws SQLException {
            String userName = "user" + i + "@bench.example.com";
            Timestamp now = Timestamp.from(Instant.now());
            insert.setString(1, UUID.randomUUID().toString());
            insert.setString(2, projectId);
            insert.setString(3, userName);
            insert.setString(4, userName.toLowerCase(Locale.ROOT));
            insert.setString(5, "ext-" + i);
            insert.setString(6, "Given" + i);
            insert.setString(7, "Family" + i);
            insert.setString(8, null);
            insert.setString(9, userName);
            insert.setString(10, userName.toLowerCase(Locale.ROOT));
            insert.setString(11, "work");
            insert.setString(12, null);
            insert.setBoolean(13, true);
            insert.setString(14, "SCIM");
            insert.setString(15, null);
            insert.setTimestamp(16, now);
            insert.setTimestamp(17, now);
            insert.setInt(18, 0);
            insert.setTimestamp(19, null);
            insert.setLong(20, 1);
        }

        /** The same 500 random users as the SCIM lookups at this size; each fetches the whole row. */
        Latencies lookups(int size) throws Exception {
            Random random = new Random(size);
            List<Double> byUserName = new ArrayList<>();
            List<Double> byExternalId = new ArrayList<>();
            try (Connection c = connect();
                    PreparedStatement userName = c.prepareStatement("SELECT " + COLUMNS + " FROM " + JDBC_TABLE
                            + " WHERE project_id = ? AND user_name_key = ?");
                    PreparedStatement externalId = c.prepareStatement("SELECT " + COLUMNS + " FROM " + JDBC_TABLE
                            + " WHERE project_id = ? AND external_id = ?")) {
                for (int i = 0; i < 500; i++) {
                    int n = random.nextInt(size);
                    byUserName.add(timed(() -> expectOne(userName, ("user" + n + "@bench.example.com").toLowerCase(Locale.ROOT))));
                    byExternalId.add(timed(() -> expectOne(externalId, "ext-" + n)));
                }
            }
            System.out.printf("JDBC at %d rows: user_name_key = p50 %.3f ms p99 %.3f ms; external_id = p50 %.3f ms p99 %.3f ms%n",
                    size, pct(byUserName, 50), pct(byUserName, 99), pct(byExternalId, 50), pct(byExternalId, 99));
            return new Latencies(pct(byUserName, 50), pct(byUserName, 99), pct(byExternalId, 50), pct(byExternalId, 99));
        }

        private void expectOne(PreparedStatement query, String value) throws SQLException {
            query.setString(1, projectId);
            query.setString(2, value);
            int rows = 0;
            try (ResultSet found = query.executeQuery()) {
                int columns = found.getMetaData().getColumnCount();
                while (found.next()) {
                    for (int col = 1; col <= columns; col++) {
                        found.getObject(col);
                    }
                    rows++;
                }
            }
            check(rows == 1, "one row for " + value);
        }
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
