package io.gatehouse.tomcat;

import org.apache.catalina.Lifecycle;
import org.apache.catalina.LifecycleEvent;
import org.apache.catalina.LifecycleListener;
import org.apache.catalina.Server;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;

/**
 * Graceful shutdown for a node behind a load balancer. When Tomcat is told to stop (SIGTERM, which runs
 * Catalina's shutdown hook, or the shutdown command), this listener on the {@code <Server>} runs first,
 * before any connector or application stops: it sets the JVM-wide system property
 * {@code gatehouse.draining=true}, on which Gatehouse's {@code /health/ready} answers 503
 * {@code {"status":"draining"}}, and waits {@code GATEHOUSE_DRAIN_SECONDS} while every request is still
 * served normally, so the balancer's health check takes the node out before it stops accepting. Then
 * Tomcat stops the usual way: connectors paused (no new requests), applications stopped (a servlet
 * waits up to the Context's {@code unloadDelay} for its requests in flight), connectors stopped.
 * A system property because it crosses class loaders: this class lives in {@code $CATALINA_BASE/lib},
 * the health servlet in the web application. Installed by server-config/tomcat/server.xml from
 * {@code gatehouse-tomcat.jar}.
 */
public class DrainListener implements LifecycleListener {
    /** Read by io.gatehouse.platform.HealthServlet (the WAR cannot see this class). */
    static final String DRAINING = "gatehouse.draining";
    static final String SETTING = "GATEHOUSE_DRAIN_SECONDS";
    static final long DEFAULT_SECONDS = 10;
    private static final Log LOG = LogFactory.getLog(DrainListener.class);

    private volatile boolean started;

    @Override
    public void lifecycleEvent(LifecycleEvent event) {
        if (!(event.getLifecycle() instanceof Server)) {
            return;
        }
        switch (event.getType()) {
            case Lifecycle.AFTER_START_EVENT -> started = true;
            case Lifecycle.BEFORE_STOP_EVENT -> drain();
            default -> { }
        }
    }

    private void drain() {
        long seconds = drainSeconds(setting());
        // A server that never finished starting has had no traffic to drain (and a failed start
        // should not take longer to fail).
        if (seconds <= 0 || !started) {
            return;
        }
        System.setProperty(DRAINING, "true");
        LOG.info("Draining for " + seconds + " s: /health/ready answers 503, requests are still served");
        try {
            Thread.sleep(seconds * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("Drain over, stopping");
    }

    /** Like Gatehouse's settings: a system property first, then the environment variable. */
    private static String setting() {
        String value = System.getProperty(SETTING);
        return value != null ? value : System.getenv(SETTING);
    }

    /** The drain period: the default when unset, 0 (off) when not a non-negative whole number. */
    static long drainSeconds(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_SECONDS;
        }
        try {
            return Math.max(0, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            LOG.warn(SETTING + " is not a number of seconds: no drain");
            return 0;
        }
    }
}
