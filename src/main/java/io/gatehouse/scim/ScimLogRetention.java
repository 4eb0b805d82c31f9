package io.gatehouse.scim;

import io.gatehouse.platform.DaemonThreads;
import io.gatehouse.platform.Database;
import io.gatehouse.platform.Settings;
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
        return database.keepRecent("gh_scim_exchange", "received_at",
                Instant.now().minus(Duration.ofDays(Settings.scimLogRetentionDays())), Settings.scimLogMaxPerProject(), BATCH);
    }

    private void purgeQuietly() {
        try {
            purge();
        } catch (RuntimeException e) { // the database may be down: the next run catches up
            LOG.log(Level.WARNING, "SCIM request log retention: " + e.getMessage());
        }
    }
}
