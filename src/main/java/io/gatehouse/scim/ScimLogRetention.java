package io.gatehouse.scim;

import io.gatehouse.platform.DaemonThreads;
import io.gatehouse.platform.Database;
import io.gatehouse.platform.Settings;
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
 * Keeps the SCIM request log bounded: every {@link #PERIOD_MINUTES} minutes it removes requests older
 * than GATEHOUSE_SCIM_LOG_RETENTION_DAYS and, per project, all but the newest
 * GATEHOUSE_SCIM_LOG_MAX_PER_PROJECT, in batches so no transaction grows with the backlog. Every node
 * runs it; two at once only delete the same rows.
 */
@ApplicationScoped
public class ScimLogRetention {
    private static final Logger LOG = Logger.getLogger(ScimLogRetention.class.getName());
    static final int BATCH = 1000;
    static final long PERIOD_MINUTES = 10;
    private static final String DELETE = "DELETE FROM gh_scim_exchange WHERE id IN ";

    private Database database;
    private ScheduledExecutorService worker;

    protected ScimLogRetention() {
    }

    @Inject
    public ScimLogRetention(Database database) {
        this.database = database;
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object context) {
        worker = DaemonThreads.scheduler("gatehouse-scim-log-retention");
        worker.scheduleWithFixedDelay(this::purgeQuietly, 1, PERIOD_MINUTES, TimeUnit.MINUTES);
    }

    @PreDestroy
    void stop() {
        if (worker != null) {
            worker.shutdownNow();
        }
    }

    /** Removes what is past the retention or over a project's bound; returns how many went (DatabaseIT). */
    public long purge() {
        Instant cutoff = Instant.now().minus(Duration.ofDays(Settings.scimLogRetentionDays()));
        long removed = database.deleteInBatches("SELECT id FROM gh_scim_exchange WHERE received_at < ?", DELETE, BATCH,
                UtcTimestamp.sql(cutoff));
        int max = Settings.scimLogMaxPerProject();
        for (String projectId : projectsOver(max)) {
            removed += trim(projectId, max);
        }
        return removed;
    }

    private void purgeQuietly() {
        try {
            purge();
        } catch (RuntimeException e) { // the database may be down: the next run catches up
            LOG.log(Level.WARNING, "SCIM request log retention: " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private List<String> projectsOver(int max) {
        return database.read(em -> em.createNativeQuery(
                "SELECT project_id FROM gh_scim_exchange GROUP BY project_id HAVING COUNT(*) > ?").setParameter(1, max)
                .getResultList());
    }

    /** Deletes the project's requests older than its max-th newest. */
    private long trim(String projectId, int max) {
        List<?> oldestKept = database.read(em -> em.createNativeQuery(
                "SELECT received_at FROM gh_scim_exchange WHERE project_id = ? ORDER BY received_at DESC")
                .setParameter(1, projectId).setFirstResult(max - 1).setMaxResults(1).getResultList());
        if (oldestKept.isEmpty()) {
            return 0;
        }
        return database.deleteInBatches("SELECT id FROM gh_scim_exchange WHERE project_id = ? AND received_at < ?", DELETE,
                BATCH, projectId, oldestKept.get(0));
    }
}
