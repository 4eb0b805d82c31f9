package io.gatehouse.events;

import io.gatehouse.audit.Actor;
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
 * Compares the roles of many users in batches of {@link #BATCH}, each its own short transaction,
 * when one change moved more users than one transaction should (a priority change, the default role,
 * the role of a large group): the {@code user.role_changed} events of 100,000 users never hold one
 * transaction or load them all. A job keeps its place in the database, claimed by one node at a time
 * with a lease; a node that stops mid-job leaves it to another once the lease runs out. Two nodes on
 * the same batch are harmless too: the comparison runs under the project's lock, so the second finds
 * nothing left to announce.
 */
@ApplicationScoped
public class RoleFanOut {
    private static final Logger LOG = Logger.getLogger(RoleFanOut.class.getName());
    static final int BATCH = 1000;
    private static final Duration LEASE = Duration.ofSeconds(60);

    private Database database;
    private Outbox outbox;
    private volatile ScheduledExecutorService worker;

    protected RoleFanOut() {
    }

    @Inject
    public RoleFanOut(Database database, Outbox outbox) {
        this.database = database;
        this.outbox = outbox;
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object context) {
        worker = DaemonThreads.scheduler("gatehouse-role-fan-out");
        worker.scheduleWithFixedDelay(this::runDue, 3, 2, TimeUnit.SECONDS);
    }

    /** A job was just queued on this node: start it now rather than at the next poll. */
    void wake() {
        ScheduledExecutorService running = worker;
        if (running != null && !running.isShutdown()) {
            running.execute(this::runDue);
        }
    }

    @PreDestroy
    void stop() {
        if (worker != null) {
            worker.shutdownNow();
        }
    }

    private record Job(String id, String projectId, String groupId, String afterUserId, Actor actor) {
    }

    void runDue() {
        try {
            for (Job job : due()) {
                if (claim(job)) {
                    run(job);
                }
            }
        } catch (RuntimeException e) { // the database may be down: the next poll tries again
            LOG.log(Level.WARNING, "Role fan-out: " + e.getMessage(), e);
        }
    }

    private List<Job> due() {
        return database.read(em -> {
            @SuppressWarnings("unchecked")
            // a job of a project deleted meanwhile (its counter went with it) is left for the deletion's purge
            List<Object[]> rows = em.createNativeQuery("SELECT r.id, r.project_id, r.group_id, r.after_user_id, r.actor_source, r.actor"
                            + " FROM gh_role_recheck r JOIN gh_event_counter c ON c.project_id = r.project_id"
                            + " WHERE r.lease_until IS NULL OR r.lease_until < ?1 ORDER BY r.created_at")
                    .setParameter(1, UtcTimestamp.sql(Instant.now())).setMaxResults(10).getResultList();
            return rows.stream().map(r -> new Job((String) r[0], (String) r[1], (String) r[2], (String) r[3],
                    new Actor(Actor.Source.valueOf((String) r[4]), (String) r[5]))).toList();
        });
    }

    private boolean claim(Job job) {
        Instant now = Instant.now();
        return database.write(em -> {
            OutboxWrite.lockCounter(em, job.projectId()); // the same order as every batch: the counter, then the job
            return em.createNativeQuery("UPDATE gh_role_recheck SET lease_until = ?1"
                            + " WHERE id = ?2 AND (lease_until IS NULL OR lease_until < ?3)")
                    .setParameter(1, UtcTimestamp.sql(now.plus(LEASE))).setParameter(2, job.id())
                    .setParameter(3, UtcTimestamp.sql(now)).executeUpdate() == 1;
        });
    }

    /** Batch after batch, each committing its place with its events, until no user is left. */
    private void run(Job job) {
        long started = System.nanoTime();
        String after = job.afterUserId() == null ? "" : job.afterUserId();
        int users = 0;
        while (after != null) {
            String from = after;
            List<String> batch = database.write(em -> {
                // the counter first: the batch's users are read after any change that is committing now
                OutboxWrite.lockCounter(em, job.projectId());
                List<String> ids = next(em, job, from);
                if (ids.isEmpty()) {
                    em.createNativeQuery("DELETE FROM gh_role_recheck WHERE id = ?1").setParameter(1, job.id()).executeUpdate();
                    return ids;
                }
                outbox.recheck(em, job.projectId(), ids, job.actor());
                em.createNativeQuery("UPDATE gh_role_recheck SET after_user_id = ?1, lease_until = ?2 WHERE id = ?3")
                        .setParameter(1, ids.get(ids.size() - 1)).setParameter(2, UtcTimestamp.sql(Instant.now().plus(LEASE)))
                        .setParameter(3, job.id()).executeUpdate();
                return ids;
            });
            users += batch.size();
            after = batch.isEmpty() ? null : batch.get(batch.size() - 1);
        }
        LOG.info("Roles of " + users + " user(s) of project " + job.projectId() + " compared in "
                + (System.nanoTime() - started) / 1_000_000 + " ms");
    }

    @SuppressWarnings("unchecked")
    private static List<String> next(jakarta.persistence.EntityManager em, Job job, String after) {
        var query = job.groupId() == null
                ? em.createNativeQuery("SELECT id FROM gh_user WHERE project_id = ?1 AND id > ?2 ORDER BY id")
                        .setParameter(1, job.projectId())
                : em.createNativeQuery("SELECT user_id FROM gh_membership WHERE group_id = ?1 AND user_id > ?2 ORDER BY user_id")
                        .setParameter(1, job.groupId());
        return query.setParameter(2, after).setMaxResults(BATCH).getResultList();
    }
}
