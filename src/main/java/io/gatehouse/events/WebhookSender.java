package io.gatehouse.events;

import io.gatehouse.audit.Actor;
import io.gatehouse.audit.AuditLog;
import io.gatehouse.platform.DaemonThreads;
import io.gatehouse.platform.Database;
import io.gatehouse.platform.Ids;
import io.gatehouse.platform.Metrics;
import io.gatehouse.platform.Settings;
import io.gatehouse.platform.UtcTimestamp;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers directory events to webhooks, every node running one sender. A webhook is worked on by
 * one node at a time: the node claims it with a lease (a conditional update that only succeeds on
 * an expired lease), then sends its events one at a time in sequence order, renewing the lease with
 * each result. A failure stops the webhook there until its retry is due (later events wait: order
 * per endpoint), so an event is never acknowledged out of order. A node that dies mid-delivery
 * leaves the webhook to whichever node claims it when the lease has run out, which sends the
 * unacknowledged event again: at-least-once, the {@code webhook-id} (the event id) telling repeats.
 * Woken right after a commit that appended events; otherwise it looks for due webhooks every second.
 */
@ApplicationScoped
public class WebhookSender {
    private static final Logger LOG = Logger.getLogger(WebhookSender.class.getName());
    /** Longer than one request (10 s at most) plus its writes, so a working node keeps its claim. */
    static final Duration LEASE = Duration.ofSeconds(30);
    /** Webhooks this node delivers to at once: a slow endpoint holds up only its own thread. */
    static final int WORKERS = 4;
    /** One claim's turn: then the webhook is let go, so other due webhooks get a worker too. */
    private static final Duration TURN = Duration.ofSeconds(20);
    private static final int READ_AHEAD = 50;
    static final Duration KEEP_ATTEMPTS = Duration.ofDays(30);
    private static final Duration HOUSEKEEPING_EVERY = Duration.ofMinutes(10);

    private Database database;
    private WebhookRequest request;
    private AuditLog audit;
    private Metrics metrics;
    private volatile ScheduledExecutorService scheduler;
    private volatile ExecutorService workers;
    /** Webhooks this node holds a lease on now. */
    private final Set<String> working = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private volatile Instant nextHousekeeping = Instant.now().plus(Duration.ofMinutes(1));

    protected WebhookSender() {
    }

    @Inject
    public WebhookSender(Database database, WebhookRequest request, AuditLog audit, Metrics metrics) {
        this.database = database;
        this.request = request;
        this.audit = audit;
        this.metrics = metrics;
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object context) {
        workers = DaemonThreads.pool("gatehouse-webhook", WORKERS);
        scheduler = DaemonThreads.scheduler("gatehouse-webhooks");
        scheduler.scheduleWithFixedDelay(this::dispatch, 5, 1, TimeUnit.SECONDS);
    }

    /** Events were just committed (on this node): deliver now rather than at the next tick. */
    void appended(@Observes EventsAppended appended) {
        wake();
    }

    void wake() {
        ScheduledExecutorService running = scheduler;
        if (running != null && !running.isShutdown() && wakeQueued.compareAndSet(false, true)) {
            running.schedule(() -> {
                wakeQueued.set(false);
                dispatch();
            }, 20, TimeUnit.MILLISECONDS);
        }
    }

    @PreDestroy
    void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (workers != null) {
            workers.shutdownNow(); // an interrupted delivery is sent again by whoever claims the webhook next
        }
    }

    /** Claims due webhooks for the free workers and hands each to one. */
    private void dispatch() {
        try {
            housekeeping();
            int free = WORKERS - working.size();
            if (free <= 0) {
                return;
            }
            for (String id : due(free)) {
                if (working.size() >= WORKERS) {
                    return;
                }
                if (working.contains(id)) {
                    continue;
                }
                String token = Ids.next();
                if (claim(id, token)) {
                    working.add(id);
                    workers.execute(() -> deliver(id, token));
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Webhook sender: " + e.getMessage(), e);
        }
    }

    /** Active webhooks with events after their cursor, whose retry is due and which no node holds. */
    private List<String> due(int limit) {
        Instant now = Instant.now();
        return database.read(em -> {
            @SuppressWarnings("unchecked")
            List<Object> ids = em.createNativeQuery("SELECT w.id FROM gh_webhook w JOIN gh_project p ON p.id = w.project_id"
                            + " JOIN gh_event_counter c ON c.project_id = w.project_id"
                            + " WHERE w.status = 'active' AND w.next_attempt_at <= ?1"
                            + " AND (w.lease_until IS NULL OR w.lease_until < ?1)"
                            + " AND c.last_seq > w.last_delivered_seq AND p.deleted_at IS NULL ORDER BY w.next_attempt_at")
                    .setParameter(1, UtcTimestamp.sql(now)).setMaxResults(limit).getResultList();
            return ids.stream().map(Object::toString).toList();
        });
    }

    private boolean claim(String id, String token) {
        Instant now = Instant.now();
        return database.write(em -> em.createQuery("UPDATE Webhook w SET w.leaseToken = :t, w.leaseUntil = :until"
                        + " WHERE w.id = :id AND w.status = :active AND w.nextAttemptAt <= :now"
                        + " AND (w.leaseUntil IS NULL OR w.leaseUntil < :now)")
                .setParameter("t", token).setParameter("until", now.plus(LEASE)).setParameter("id", id)
                .setParameter("active", Webhook.Status.active.name()).setParameter("now", now).executeUpdate() == 1);
    }

    private void release(String id, String token) {
        try {
            database.writing(em -> em.createQuery("UPDATE Webhook w SET w.leaseToken = NULL, w.leaseUntil = NULL"
                    + " WHERE w.id = :id AND w.leaseToken = :t").setParameter("id", id).setParameter("t", token).executeUpdate());
        } catch (RuntimeException e) { // the lease then runs out by itself
            LOG.log(Level.WARNING, "Webhook sender could not release webhook " + id + ": " + e.getMessage());
        }
    }

    /** Sends the webhook's next events in order until none is left, one fails, the turn ends or the lease is lost. */
    void deliver(String id, String token) {
        long turnEnds = System.nanoTime() + TURN.toNanos();
        try {
            Webhook webhook = database.read(em -> em.find(Webhook.class, id));
            while (deliverable(webhook, token) && System.nanoTime() < turnEnds && !Thread.currentThread().isInterrupted()) {
                webhook = batch(webhook, token, turnEnds);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Webhook sender, webhook " + id + ": " + e.getMessage(), e);
        } finally {
            release(id, token);
            working.remove(id);
        }
        if (!Thread.currentThread().isInterrupted()) {
            wake(); // a worker is free: other due webhooks, or the rest of this one's events
        }
    }

    private static boolean deliverable(Webhook webhook, String token) {
        return webhook != null && webhook.leasedWith(token) && webhook.status() == Webhook.Status.active
                && !webhook.nextAttemptAt().isAfter(Instant.now());
    }

    /**
     * The next events after the cursor, sent one by one (those the filter excludes skipped); the
     * webhook as it stands after the last result, or null when this turn is over.
     */
    private Webhook batch(Webhook webhook, String token, long turnEnds) {
        List<Event> next = database.read(em -> Events.after(em, webhook.projectId(), webhook.lastDeliveredSeq(), READ_AHEAD));
        if (next.isEmpty()) {
            return null;
        }
        Webhook current = webhook;
        Long skippedTo = null;
        for (Event event : next) {
            if (!current.wants(event.type())) {
                skippedTo = event.seq();
                continue;
            }
            if (skippedTo != null && (current = skip(current.id(), token, skippedTo)) == null) {
                return null;
            }
            skippedTo = null;
            WebhookRequest.Outcome outcome = request.send(current, event.id(), EventJson.body(event));
            metrics.count("gatehouse.webhook.deliveries", "result", outcome.delivered() ? "delivered" : "failed");
            current = record(current.id(), token, event, current.failures() + 1, outcome);
            if (!outcome.delivered() || !deliverable(current, token) || System.nanoTime() >= turnEnds) {
                return null;
            }
        }
        return skippedTo == null ? current : skip(current.id(), token, skippedTo);
    }

    /** Moves the cursor past events the filter excludes; the webhook, or null when the lease was lost. */
    private Webhook skip(String id, String token, long toSeq) {
        return database.write(em -> {
            Webhook row = em.find(Webhook.class, id, LockModeType.PESSIMISTIC_WRITE);
            if (row == null || !row.leasedWith(token)) {
                return null;
            }
            row.skipped(toSeq, Instant.now().plus(LEASE));
            return row;
        });
    }

    /**
     * Logs the attempt and moves the webhook on (or schedules the retry); the webhook as it now
     * stands (read fresh, so a rotated secret signs the next event), or null when it was removed or
     * the lease was lost.
     */
    private Webhook record(String id, String token, Event event, int attempt, WebhookRequest.Outcome outcome) {
        Instant now = Instant.now();
        return database.write(em -> {
            Webhook row = em.find(Webhook.class, id, LockModeType.PESSIMISTIC_WRITE);
            if (row == null) {
                return null; // removed meanwhile: its log went with it
            }
            em.persist(new WebhookAttempt(id, event.id(), event.seq(), event.type(), WebhookAttempt.Kind.delivery, attempt, now,
                    outcome));
            if (!row.leasedWith(token)) {
                return null; // another node took over (this one stalled past the lease): it decides the cursor
            }
            if (outcome.delivered()) {
                row.delivered(event.seq(), outcome, now, now.plus(LEASE));
            } else if (row.failed(outcome, now, Settings.webhookRetryScale(), now.plus(LEASE))) {
                LOG.warning("Webhook " + id + " marked failing: event " + event.seq() + " failed since " + row.failingSince());
                audit.record(em, row.projectId(), Actor.system(), new AuditLog.Entry("webhook.failing", "webhook", id,
                        "Webhook " + row.url() + " paused: event " + event.seq() + " failed for 3 days; resume it to retry",
                        null));
            }
            return row;
        });
    }

    /** Drops delivery-log entries older than 30 days (every node, idempotent). */
    private void housekeeping() {
        if (Instant.now().isBefore(nextHousekeeping)) {
            return;
        }
        nextHousekeeping = Instant.now().plus(HOUSEKEEPING_EVERY);
        database.writing(em -> em.createQuery("DELETE FROM WebhookAttempt a WHERE a.attemptedAt < :t")
                .setParameter("t", Instant.now().minus(KEEP_ATTEMPTS)).executeUpdate());
    }
}
