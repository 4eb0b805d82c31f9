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
import jakarta.persistence.TypedQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The SCIM request log: every authenticated SCIM request with Gatehouse's answer, per project, for an
 * admin diagnosing a connection. The request thread only queues what {@link ScimRecorder} copied; a
 * background writer masks, caps and inserts the queue in batches every {@link #FLUSH_MILLIS} ms, so
 * SCIM does not wait for a row per request. Reads write this node's queue first, so a reader sees
 * every request this node has answered. Best effort: when the queue is full or the database refuses
 * the batch, requests go unlogged (counted and logged), never refused.
 */
@ApplicationScoped
public class ScimRequestLog {
    private static final Logger LOG = Logger.getLogger(ScimRequestLog.class.getName());
    static final int QUEUE = 2000;
    static final int BATCH = 500;
    static final long FLUSH_MILLIS = 200;
    private static final String INSERT = "INSERT INTO gh_scim_exchange (project_id, received_at, token_id, method, path, status,"
            + " latency_ms, user_id, user_name, request_body, response_body, request_bytes, response_bytes)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** A request as the recorder saw it: bodies as copied (not yet masked). */
    record Entry(String projectId, String tokenId, Instant at, String method, String path, int status, long latencyMs,
                 byte[] request, long requestBytes, byte[] response, long responseBytes) {
    }

    /** The console's and the API's filters; null fields do not filter. */
    public record Query(Integer statusFrom, Integer statusTo, String method, String user, Instant from, Instant to,
                        Long before, int limit) {
        public static Query latest(int limit) {
            return new Query(null, null, null, null, null, null, null, limit);
        }
    }

    @Inject
    Database database;

    private final BlockingQueue<Entry> queue = new ArrayBlockingQueue<>(QUEUE);
    private final ReentrantLock writing = new ReentrantLock();
    private final AtomicLong dropped = new AtomicLong();
    private ScheduledExecutorService writer;

    void start(@Observes @Initialized(ApplicationScoped.class) Object context) {
        writer = DaemonThreads.scheduler("gatehouse-scim-log");
        writer.scheduleWithFixedDelay(this::flushQuietly, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (writer != null) {
            writer.shutdownNow();
            flushQuietly(); // what was answered before the node stopped
        }
    }

    public boolean enabled() {
        return Settings.scimRequestLog();
    }

    void add(Entry entry) {
        if (!queue.offer(entry) && dropped.incrementAndGet() % 1000 == 1) {
            LOG.warning("SCIM request log: the queue is full, " + dropped.get() + " requests not logged so far");
        }
    }

    /** Writes what this node has queued, batch by batch. */
    public void flush() {
        writing.lock();
        try {
            List<Entry> batch = new ArrayList<>(BATCH);
            while (queue.drainTo(batch, BATCH) > 0) {
                insert(batch);
                batch.clear();
            }
        } finally {
            writing.unlock();
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) { // the database may be down: those requests stay unlogged
            LOG.log(Level.WARNING, "SCIM request log: a batch was not written: " + e.getMessage());
        }
    }

    private void insert(List<Entry> batch) {
        database.writing(em -> {
            Set<String> live = liveProjects(em, batch);
            try (PreparedStatement insert = em.unwrap(Connection.class).prepareStatement(INSERT)) {
                for (Entry entry : batch) {
                    if (live.contains(entry.projectId())) {
                        bind(insert, entry);
                        insert.addBatch();
                    }
                }
                insert.executeBatch();
            } catch (SQLException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
    }

    /**
     * The batch's projects that are not being deleted: a deletion may already have removed its
     * project's log, and rows written after it would outlive the project.
     */
    @SuppressWarnings("unchecked")
    private static Set<String> liveProjects(jakarta.persistence.EntityManager em, List<Entry> batch) {
        List<String> ids = batch.stream().map(Entry::projectId).distinct().toList();
        var query = em.createNativeQuery("SELECT id FROM gh_project WHERE deleted_at IS NULL AND id IN "
                + ids.stream().map(id -> "?").collect(Collectors.joining(",", "(", ")")));
        for (int i = 0; i < ids.size(); i++) {
            query.setParameter(i + 1, ids.get(i));
        }
        return new HashSet<>(query.getResultList());
    }

    private static void bind(PreparedStatement insert, Entry e) throws SQLException {
        String request = LoggedBody.of(e.request(), e.requestBytes());
        String response = LoggedBody.of(e.response(), e.responseBytes());
        LoggedUser user = LoggedUser.of(e.method(), e.path(), request, response);
        insert.setString(1, e.projectId());
        insert.setTimestamp(2, UtcTimestamp.sql(e.at()));
        insert.setString(3, e.tokenId());
        insert.setString(4, e.method());
        insert.setString(5, cap(e.path(), 2000));
        insert.setInt(6, e.status());
        insert.setLong(7, e.latencyMs());
        insert.setString(8, cap(user.id(), 100));
        insert.setString(9, cap(user.name(), 300));
        text(insert, 10, request);
        text(insert, 11, response);
        insert.setLong(12, e.requestBytes());
        insert.setLong(13, e.responseBytes());
    }

    private static void text(PreparedStatement insert, int index, String value) throws SQLException {
        if (value == null) {
            insert.setNull(index, Types.VARCHAR);
        } else {
            insert.setString(index, value);
        }
    }

    private static String cap(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    /** The project's logged requests the query matches, newest first. */
    public List<ScimExchange> search(String projectId, Query q) {
        flushQuietly();
        return database.read(em -> {
            StringBuilder jpql = new StringBuilder("SELECT e FROM ScimExchange e WHERE e.projectId = :project");
            Instant beforeAt = q.before() == null ? null : at(em, projectId, q.before());
            append(jpql, q.statusFrom() != null, " AND e.status >= :statusFrom");
            append(jpql, q.statusTo() != null, " AND e.status <= :statusTo");
            append(jpql, q.method() != null, " AND e.method = :method");
            // a request naming only the id (a DELETE) is found by the name other requests gave that id
            append(jpql, q.user() != null, " AND (e.userId = :user OR LOWER(e.userName) LIKE :userPrefix ESCAPE '!'"
                    + " OR e.userId IN (SELECT n.userId FROM ScimExchange n WHERE n.projectId = :project"
                    + " AND LOWER(n.userName) LIKE :userPrefix ESCAPE '!'))");
            append(jpql, q.from() != null, " AND e.receivedAt >= :from");
            append(jpql, q.to() != null, " AND e.receivedAt < :to");
            append(jpql, beforeAt != null, " AND (e.receivedAt < :beforeAt OR (e.receivedAt = :beforeAt AND e.id < :beforeId))");
            jpql.append(" ORDER BY e.receivedAt DESC, e.id DESC");
            TypedQuery<ScimExchange> query = em.createQuery(jpql.toString(), ScimExchange.class).setParameter("project", projectId);
            set(query, "statusFrom", q.statusFrom());
            set(query, "statusTo", q.statusTo());
            set(query, "method", q.method());
            set(query, "from", q.from());
            set(query, "to", q.to());
            if (q.user() != null) {
                query.setParameter("user", q.user().strip());
                query.setParameter("userPrefix", likePrefix(q.user()));
            }
            if (beforeAt != null) {
                query.setParameter("beforeAt", beforeAt).setParameter("beforeId", q.before());
            }
            return query.setMaxResults(q.limit()).getResultList();
        });
    }

    /** One logged request of the project. */
    public Optional<ScimExchange> find(String projectId, long id) {
        flushQuietly();
        return database.read(em -> Optional.ofNullable(em.find(ScimExchange.class, id)).filter(e -> e.projectId().equals(projectId)));
    }

    /** When the request the cursor names was received; a cursor of another project's request finds nothing older. */
    private static Instant at(jakarta.persistence.EntityManager em, String projectId, long id) {
        ScimExchange cursor = em.find(ScimExchange.class, id);
        return cursor == null || !cursor.projectId().equals(projectId) ? Instant.EPOCH : cursor.receivedAt();
    }

    private static void append(StringBuilder jpql, boolean condition, String clause) {
        if (condition) {
            jpql.append(clause);
        }
    }

    private static void set(TypedQuery<?> query, String name, Object value) {
        if (value != null) {
            query.setParameter(name, value);
        }
    }

    static String likePrefix(String user) {
        String lower = user.strip().toLowerCase(java.util.Locale.ROOT);
        return lower.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }
}
