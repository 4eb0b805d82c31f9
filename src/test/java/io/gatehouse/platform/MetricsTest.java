package io.gatehouse.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void countersTimersAndJvmMetricsComeOutInThePrometheusTextFormat() throws Exception {
        Metrics metrics = new Metrics();
        metrics.open();
        try {
            metrics.count("gatehouse.saml.sign_ins", "result", "refused", "reason", "REPLAY");
            metrics.count("gatehouse.saml.sign_ins", "result", "refused", "reason", "REPLAY");
            metrics.time("gatehouse.scim.requests", 30_000_000L, "resource", "Users", "method", "POST", "status", "201");
            metrics.databaseProbed(2_000_000L);
            String text = scrape(metrics);
            assertTrue(text.contains("gatehouse_saml_sign_ins_total{reason=\"REPLAY\",result=\"refused\"} 2.0"), text);
            assertTrue(text.contains("gatehouse_scim_requests_seconds_bucket{method=\"POST\",resource=\"Users\",status=\"201\",le=\"0.05\"} 1"),
                    text);
            assertTrue(text.contains("gatehouse_scim_requests_seconds_bucket{method=\"POST\",resource=\"Users\",status=\"201\",le=\"0.025\"} 0"),
                    text);
            assertTrue(text.contains("gatehouse_database_ping_seconds 0.002"), text);
            assertTrue(text.contains("gatehouse_database_up 1.0"), text);
            for (String jvm : new String[] {"jvm_memory_used_bytes", "jvm_threads_live_threads", "jvm_classes_loaded_classes",
                    "process_uptime_seconds", "system_cpu_count", "jvm_gc_"}) {
                assertTrue(text.contains(jvm), jvm + " missing:\n" + text);
            }
        } finally {
            metrics.close();
        }
    }

    @Test
    void aFailedDatabaseProbeReadsDown() throws Exception {
        Metrics metrics = new Metrics();
        metrics.open();
        try {
            metrics.databaseProbed(null);
            String text = scrape(metrics);
            assertTrue(text.contains("gatehouse_database_up 0.0"), text);
            assertTrue(text.contains("gatehouse_database_ping_seconds NaN"), text);
        } finally {
            metrics.close();
        }
    }

    /** A pool as Tomcat's DBCP 2 shows itself: by getters, which the gauges read at each scrape. */
    public static class CountingPool extends PlainDataSource {
        public int active = 3;

        public int getNumActive() {
            return active;
        }

        public int getNumIdle() {
            return 5;
        }

        public int getMaxTotal() {
            return 20;
        }
    }

    @Test
    void aPoolThatTellsItsCountsGetsGaugesAndOneThatDoesNotGetsNone() throws Exception {
        Metrics metrics = new Metrics();
        metrics.open();
        try {
            CountingPool pool = new CountingPool();
            metrics.poolOf(pool);
            metrics.poolOf(pool); // a second scrape binds nothing twice
            pool.active = 7;
            String text = scrape(metrics);
            assertTrue(text.contains("gatehouse_database_pool_active 7.0"), text);
            assertTrue(text.contains("gatehouse_database_pool_idle 5.0"), text);
            assertTrue(text.contains("gatehouse_database_pool_max 20.0"), text);
        } finally {
            metrics.close();
        }
        Metrics other = new Metrics();
        other.open();
        try {
            other.poolOf(new PlainDataSource());
            assertFalse(scrape(other).contains("gatehouse_database_pool"), "a data source that tells no counts gets no gauges");
        } finally {
            other.close();
        }
    }

    /** What a redeploy must not leave behind: a thread started for the registry, its timers or its binders. */
    @Test
    void closingLeavesNoThreadBehind() {
        Set<String> before = threads();
        Metrics metrics = new Metrics();
        metrics.open();
        metrics.time("gatehouse.scim.requests", 1_000_000L, "resource", "Users", "method", "GET", "status", "200");
        metrics.count("gatehouse.webhook.deliveries", "result", "delivered");
        metrics.close();
        Set<String> after = threads();
        after.removeAll(before);
        assertEquals(Set.of(), after);
    }

    @Test
    void aBadTagListIsNotAnError() {
        Metrics metrics = new Metrics();
        metrics.open();
        try {
            metrics.count("gatehouse.saml.sign_ins", "result"); // odd: Micrometer refuses it, the caller must not see that
            metrics.time("gatehouse.scim.requests", 1L, "resource");
            assertFalse(scrape(metrics).contains("gatehouse_saml_sign_ins_total{"));
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            metrics.close();
        }
    }

    @Test
    void onlyTheBearerTokenItselfIsAuthorized() {
        assertTrue(MetricsServlet.authorized("Bearer s3cret-token", "s3cret-token"));
        assertTrue(MetricsServlet.authorized("bearer s3cret-token", "s3cret-token"));
        assertFalse(MetricsServlet.authorized("Bearer s3cret-tokeN", "s3cret-token"));
        assertFalse(MetricsServlet.authorized("Bearer s3cret-token2", "s3cret-token"));
        assertFalse(MetricsServlet.authorized("Basic s3cret-token", "s3cret-token"));
        assertFalse(MetricsServlet.authorized("Bearer ", "s3cret-token"));
        assertFalse(MetricsServlet.authorized(null, "s3cret-token"));
    }

    /** Without GATEHOUSE_METRICS_TOKEN (unset in the unit tests) the endpoint is not there at all: nothing is scraped. */
    @Test
    void withoutTheSettingTheEndpointIsNotFound() throws Exception {
        assertTrue(Settings.metricsToken().isEmpty(), "the unit tests run without GATEHOUSE_METRICS_TOKEN");
        List<String> calls = new ArrayList<>();
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                    calls.add(method.getName() + (args == null ? "" : Arrays.toString(args)));
                    return null;
                });
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> "getHeader".equals(method.getName())
                        ? "Bearer anything" : null);
        new MetricsServlet().doGet(request, response);
        assertEquals(List.of("sendError[404]"), calls);
    }

    /** A data source without a pool's getters (as WildFly's and Payara's look from the application). */
    public static class PlainDataSource implements javax.sql.DataSource {
        @Override public java.sql.Connection getConnection() { throw new UnsupportedOperationException(); }
        @Override public java.sql.Connection getConnection(String user, String password) { throw new UnsupportedOperationException(); }
        @Override public java.io.PrintWriter getLogWriter() { return null; }
        @Override public void setLogWriter(java.io.PrintWriter out) { }
        @Override public void setLoginTimeout(int seconds) { }
        @Override public int getLoginTimeout() { return 0; }
        @Override public java.util.logging.Logger getParentLogger() { return null; }
        @Override public <T> T unwrap(Class<T> type) { throw new UnsupportedOperationException(); }
        @Override public boolean isWrapperFor(Class<?> type) { return false; }
    }

    private static String scrape(Metrics metrics) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.scrape(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Set<String> threads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(t -> t.getName() + "#" + t.getId())
                .collect(Collectors.toSet());
    }
}
