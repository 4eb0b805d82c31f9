package io.gatehouse.saml;

import io.gatehouse.platform.DaemonThreads;
import io.gatehouse.platform.Database;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Removes sign-in attempts older than {@link #KEPT}, hourly, in batches, and trims every project
 * over its cap (SignInAttempts trims as it writes; this catches what several nodes let through).
 * Every node runs it; two at once only delete the same rows.
 */
@ApplicationScoped
public class SignInAttemptRetention {
    private static final Logger LOG = Logger.getLogger(SignInAttemptRetention.class.getName());
    static final Duration KEPT = Duration.ofDays(7);
    static final int BATCH = 500;

    private Database database;
    private ScheduledExecutorService worker;

    protected SignInAttemptRetention() {
    }

    @Inject
    public SignInAttemptRetention(Database database) {
        this.database = database;
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object context) {
        worker = DaemonThreads.scheduler("gatehouse-sign-in-trace-retention");
        worker.scheduleWithFixedDelay(this::purge, 3, 60, TimeUnit.MINUTES);
    }

    @PreDestroy
    void stop() {
        if (worker != null) {
            worker.shutdownNow();
        }
    }

    /** Deletes the expired and the surplus attempts; returns how many. */
    public long purge() {
        try {
            return database.keepRecent(SignInAttempts.TABLE, SignInAttempts.TIME, Instant.now().minus(KEPT),
                    SignInAttempts.KEPT_PER_PROJECT, BATCH);
        } catch (RuntimeException e) { // the database may be down: the next run catches up
            LOG.log(Level.WARNING, "Sign-in trace retention: " + e.getMessage());
            return 0;
        }
    }
}
