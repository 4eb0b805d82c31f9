package io.gatehouse.oidc;

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
 * Removes what can no longer be used: expired codes, pending requests and refresh tokens (a used
 * refresh token is kept until it expires, so its reuse is still recognised and revokes its family),
 * and back-channel deliveries finished a month ago. Every node runs it; the deletes are idempotent.
 */
@ApplicationScoped
public class Housekeeping {
    private static final Logger LOG = Logger.getLogger(Housekeeping.class.getName());
    static final Duration KEEP_DELIVERIES = Duration.ofDays(30);

    private Database database;
    private ScheduledExecutorService worker;

    protected Housekeeping() {
    }

    @Inject
    public Housekeeping(Database database) {
        this.database = database;
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object context) {
        worker = DaemonThreads.scheduler("gatehouse-oidc-housekeeping");
        worker.scheduleWithFixedDelay(this::sweep, 2, 10, TimeUnit.MINUTES);
    }

    @PreDestroy
    void stop() {
        if (worker != null) {
            worker.shutdownNow();
        }
    }

    void sweep() {
        try {
            Instant now = Instant.now();
            database.writing(em -> {
                em.createQuery("DELETE FROM AuthorizationCode c WHERE c.expiresAt < :t").setParameter("t", now.minus(Duration.ofHours(1)))
                        .executeUpdate();
                em.createQuery("DELETE FROM PendingAuthorization p WHERE p.expiresAt < :t").setParameter("t", now).executeUpdate();
                em.createQuery("DELETE FROM RefreshToken r WHERE r.expiresAt < :t").setParameter("t", now).executeUpdate();
                em.createQuery("DELETE FROM LogoutDelivery d WHERE d.nextAttemptAt IS NULL AND d.createdAt < :t")
                        .setParameter("t", now.minus(KEEP_DELIVERIES)).executeUpdate();
            });
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "OpenID Connect housekeeping: " + e.getMessage(), e);
        }
    }
}
