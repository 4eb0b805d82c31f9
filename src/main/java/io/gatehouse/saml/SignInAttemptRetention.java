package io.gatehouse.saml;

import io.gatehouse.platform.DaemonThreads;
import io.gatehouse.platform.Database;
import io.gatehouse.platform.UtcTimestamp;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
    private SignInAttempts attempts;
    private ScheduledExecutorService worker;

    protected SignInAttemptRetention() {
    }

    @Inject
    public SignInAttemptRetention(Database database, SignInAttempts attempts) {
        this.database = database;
        this.attempts = attempts;
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
            long removed = database.deleteInBatches("SELECT id FROM gh_sign_in_attempt WHERE attempted_at < ?",
                    "DELETE FROM gh_sign_in_attempt WHERE id IN ", BATCH, UtcTimestamp.sql(Instant.now().minus(KEPT)));
            for (String projectId : overCap()) {
                removed += attempts.trim(projectId);
            }
            return removed;
        } catch (RuntimeException e) { // the database may be down: the next run catches up
            LOG.log(Level.WARNING, "Sign-in trace retention: " + e.getMessage());
            return 0;
        }
    }

    private List<String> overCap() {
        return database.read(em -> em.createQuery("SELECT a.projectId FROM SignInAttempt a GROUP BY a.projectId "
                + "HAVING COUNT(a) > :cap", String.class).setParameter("cap", (long) SignInAttempts.KEPT_PER_PROJECT).getResultList());
    }
}
