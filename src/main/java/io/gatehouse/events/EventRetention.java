package io.gatehouse.events;

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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Removes events older than the retention period (GATEHOUSE_EVENT_RETENTION_DAYS, 30 by default),
 * hourly, in batches of {@link #BATCH} so no transaction grows with the backlog. Every node runs it;
 * two at once only delete the same rows.
 */
@ApplicationScoped
public class EventRetention {
    private static final Logger LOG = Logger.getLogger(EventRetention.class.getName());
    static final int BATCH = 1000;

    private Database database;
    private ScheduledExecutorService worker;

    protected EventRetention() {
    }

    @Inject
    public EventRetention(Database database) {
        this.database = database;
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object context) {
        worker = DaemonThreads.scheduler("gatehouse-event-retention");
        worker.scheduleWithFixedDelay(this::purge, 2, 60, TimeUnit.MINUTES);
    }

    @PreDestroy
    void stop() {
        if (worker != null) {
            worker.shutdownNow();
        }
    }

    /** Deletes the expired events; returns how many (the hourly run, and DatabaseIT). */
    public long purge() {
        Instant cutoff = Instant.now().minus(Duration.ofDays(Settings.eventRetentionDays()));
        try {
            return database.deleteInBatches("SELECT id FROM gh_event WHERE occurred_at < ?", "DELETE FROM gh_event WHERE id IN ",
                    BATCH, UtcTimestamp.sql(cutoff));
        } catch (RuntimeException e) { // the database may be down: the next run catches up
            LOG.log(Level.WARNING, "Event retention: " + e.getMessage());
            return 0;
        }
    }
}
