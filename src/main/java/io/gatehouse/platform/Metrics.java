package io.gatehouse.platform;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.distribution.pause.NoPauseDetector;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The web application's one metrics registry (Micrometer, scraped in the Prometheus text format at
 * {@code /metrics}, {@link MetricsServlet}). Features record through {@link #count} and {@link #time}
 * with names such as {@code gatehouse.scim.requests}, which Prometheus sees as
 * {@code gatehouse_scim_requests_seconds_bucket}...; their tag values must come from a bounded set
 * (a resource type, a method, a status, a refusal code), never an id.
 * <p>
 * Opened with the application and closed when it is undeployed: the registry is this WAR's own
 * (never Micrometer's static global one) and the GC binder's JMX listeners are removed, so a
 * redeploy leaves nothing behind holding the old class loader. Timers have no pause detector, which
 * would start a thread that outlives the application.
 */
@ApplicationScoped
public class Metrics {
    private static final Logger LOG = Logger.getLogger(Metrics.class.getName());
    /** Latency buckets of every timer: SLO boundaries, a dozen series per timer rather than the ~70 of a percentile histogram. */
    private static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private PrometheusMeterRegistry registry;
    private JvmGcMetrics gc;
    /** The last database probe ({@link #databaseProbed}): seconds it took, NaN before the first or when it failed. */
    private volatile double databaseSeconds = Double.NaN;
    private volatile double databaseUp = Double.NaN;

    @PostConstruct
    void open() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().pauseDetector(new NoPauseDetector());
        new JvmMemoryMetrics().bindTo(registry);
        gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        TimeGauge.builder("gatehouse.database.ping", this, TimeUnit.SECONDS, m -> m.databaseSeconds)
                .description("Time the last scrape's database probe took (a connection from the pool and a statement)")
                .register(registry);
        Gauge.builder("gatehouse.database.up", this, m -> m.databaseUp)
                .description("1 when the last scrape's database probe succeeded, 0 when it failed").register(registry);
    }

    @PreDestroy
    void close() {
        if (gc != null) {
            gc.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    /** Adds one to the counter {@code name} with these tags (key, value, key, value...). Never throws. */
    public void count(String name, String... tags) {
        try {
            Counter.builder(name).tags(tags).register(registry).increment();
        } catch (RuntimeException e) { // metrics must never be why a request fails
            LOG.log(Level.FINE, "Metric " + name + " not counted", e);
        }
    }

    /** Records a duration in the timer {@code name} with these tags (key, value...), with the SLO latency buckets. Never throws. */
    public void time(String name, long nanos, String... tags) {
        try {
            Timer.builder(name).tags(tags).serviceLevelObjectives(BUCKETS).register(registry).record(nanos, TimeUnit.NANOSECONDS);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Metric " + name + " not timed", e);
        }
    }

    /** The outcome of the database probe a scrape made: its duration in nanoseconds, or null when it failed. */
    void databaseProbed(Long nanos) {
        databaseUp = nanos == null ? 0 : 1;
        databaseSeconds = nanos == null ? Double.NaN : nanos / 1e9;
    }

    /** The pool's gauges, registered once, at the first scrape that has the data source (PoolGauges). */
    private volatile boolean poolBound;

    void poolOf(javax.sql.DataSource dataSource) {
        if (!poolBound && dataSource != null) {
            synchronized (this) {
                if (!poolBound) {
                    PoolGauges.bind(dataSource, registry);
                    poolBound = true;
                }
            }
        }
    }

    /** Every meter in the Prometheus text format 0.0.4. */
    void scrape(OutputStream out) throws IOException {
        registry.scrape(out);
    }
}
