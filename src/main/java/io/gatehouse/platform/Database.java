package io.gatehouse.platform;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.Persistence;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * The database: the container's data source (JNDI), migrated by Flyway on first use, behind a JPA
 * persistence unit. Work runs in short resource-local transactions; constraint violations and
 * concurrent updates come back as {@link DomainException} conflicts, never as raw SQL errors.
 *
 * Start-up does not fail when the database is down: the first use (or /health/ready) retries.
 */
@ApplicationScoped
public class Database {
    private static final Logger LOG = Logger.getLogger(Database.class.getName());
    /** What a 503 tells clients (IdPs, balancers) to wait before retrying while the database is down. */
    public static final int RETRY_AFTER_SECONDS = 2;

    private DataSource dataSource;
    private volatile EntityManagerFactory factory;
    /** MariaDB (InnoDB): see {@link #readCommitted}. */
    private volatile boolean repeatableReadByDefault;

    public Database() {
        // CDI: the data source is looked up in JNDI on first use
    }

    public Database(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs work in one transaction and commits it; any failure rolls everything back. */
    public <T> T write(Function<EntityManager, T> work) {
        EntityManager em = factory().createEntityManager();
        EntityTransaction tx = em.getTransaction();
        Participants participants = new Participants();
        open.put(em, participants);
        try {
            tx.begin();
            if (repeatableReadByDefault) {
                readCommitted(em);
            }
            T result = work.apply(em);
            participants.beforeCommit(em);
            em.flush();
            tx.commit();
            open.remove(em);
            participants.afterCommit();
            return result;
        } catch (RuntimeException e) {
            throw translate(e);
        } finally {
            open.remove(em);
            if (tx.isActive()) {
                tx.rollback();
            }
            em.close();
        }
    }

    /**
     * MariaDB's InnoDB reads a transaction's snapshot from its first read (REPEATABLE READ); Gatehouse
     * is written for READ COMMITTED (PostgreSQL's and H2's default): after waiting for a lock, such as
     * the project row's that orders its events, a transaction must see what the holder committed, or
     * it would compare roles against a stale picture. Set on the transaction's connection before its
     * first statement.
     */
    private static void readCommitted(EntityManager em) {
        try {
            Connection connection = em.unwrap(Connection.class);
            if (connection.getTransactionIsolation() != Connection.TRANSACTION_READ_COMMITTED) {
                connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
        } catch (SQLException e) {
            throw new PersistenceException("Cannot set READ COMMITTED: " + e.getMessage(), e);
        }
    }

    /**
     * State a feature keeps for one write transaction, created on first use: {@code beforeCommit}
     * runs last inside the transaction (what it writes commits or rolls back with the change),
     * {@code afterCommit} once it has committed (never after a rollback; its failures are logged).
     * The directory-event outbox uses it to append a transaction's events at its end.
     */
    public <T> T participant(EntityManager em, Class<T> type, Supplier<T> create, BiConsumer<T, EntityManager> beforeCommit,
                             Consumer<T> afterCommit) {
        Participants participants = open.get(em);
        if (participants == null) {
            throw new IllegalStateException("Changes are made inside Database.write only");
        }
        return participants.get(type, create, beforeCommit, afterCommit);
    }

    /** The write transactions running now, by their entity manager (one thread each). */
    private final Map<EntityManager, Participants> open = new ConcurrentHashMap<>();

    private static final class Participants {
        private final Map<Class<?>, Object> states = new LinkedHashMap<>();
        private final List<Runnable> before = new ArrayList<>();
        private final List<Runnable> after = new ArrayList<>();
        private EntityManager em;

        <T> T get(Class<T> type, Supplier<T> create, BiConsumer<T, EntityManager> beforeCommit, Consumer<T> afterCommit) {
            Object known = states.get(type);
            if (known != null) {
                return type.cast(known);
            }
            T state = create.get();
            states.put(type, state);
            before.add(() -> beforeCommit.accept(state, em));
            after.add(() -> afterCommit.accept(state));
            return state;
        }

        void beforeCommit(EntityManager transaction) {
            this.em = transaction;
            for (int i = 0; i < before.size(); i++) { // a hook may add a participant of its own
                before.get(i).run();
            }
        }

        void afterCommit() {
            for (Runnable hook : after) {
                try {
                    hook.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "After a commit: " + e.getMessage(), e);
                }
            }
        }
    }

    public void writing(Consumer<EntityManager> work) {
        write(em -> {
            work.accept(em);
            return null;
        });
    }

    /** Runs read-only work outside a transaction. */
    public <T> T read(Function<EntityManager, T> work) {
        EntityManager em = factory().createEntityManager();
        try {
            return work.apply(em);
        } catch (RuntimeException e) {
            throw translate(e);
        } finally {
            em.close();
        }
    }

    /**
     * Deletes what {@code selectIds} finds (native SQL with the given parameters), at most {@code batch} rows
     * per transaction, until it finds none; returns how many went. {@code deleteIdsIn} ends with
     * {@code IN } and is given the ids found. For removals too large for one transaction (a deleted
     * project's users, expired events): no transaction grows with the backlog.
     */
    public long deleteInBatches(String selectIds, String deleteIdsIn, int batch, Object... parameters) {
        long removed = 0;
        int count;
        do {
            count = write(em -> {
                @SuppressWarnings("unchecked")
                var select = em.createNativeQuery(selectIds);
                for (int i = 0; i < parameters.length; i++) {
                    select.setParameter(i + 1, parameters[i]);
                }
                List<Object> ids = select.setMaxResults(batch).getResultList();
                if (!ids.isEmpty()) {
                    var delete = em.createNativeQuery(deleteIdsIn + ids.stream().map(id -> "?")
                            .collect(java.util.stream.Collectors.joining(",", "(", ")")));
                    for (int i = 0; i < ids.size(); i++) {
                        delete.setParameter(i + 1, ids.get(i));
                    }
                    delete.executeUpdate();
                }
                return ids.size();
            });
            removed += count;
        } while (count > 0);
        return removed;
    }

    /**
     * Bounds a per-project log table (columns {@code id}, {@code project_id} and {@code timeColumn}):
     * removes its rows older than {@code cutoff} and, in every project over {@code max}, all but the
     * newest {@code max}, in batches; returns how many went. The SCIM request log and the sign-in trace.
     */
    public long keepRecent(String table, String timeColumn, java.time.Instant cutoff, int max, int batch) {
        long removed = deleteInBatches("SELECT id FROM " + table + " WHERE " + timeColumn + " < ?",
                "DELETE FROM " + table + " WHERE id IN ", batch, UtcTimestamp.sql(cutoff));
        @SuppressWarnings("unchecked")
        List<String> over = read(em -> em.createNativeQuery("SELECT project_id FROM " + table
                + " GROUP BY project_id HAVING COUNT(*) > ?").setParameter(1, max).getResultList());
        for (String projectId : over) {
            removed += keepNewest(table, timeColumn, projectId, max, batch);
        }
        return removed;
    }

    /** Removes the project's rows of a log table older than its newest {@code max} (see keepRecent); returns how many. */
    public long keepNewest(String table, String timeColumn, String projectId, int max, int batch) {
        List<?> oldestKept = read(em -> em.createNativeQuery("SELECT " + timeColumn + " FROM " + table
                + " WHERE project_id = ? ORDER BY " + timeColumn + " DESC")
                .setParameter(1, projectId).setFirstResult(max - 1).setMaxResults(1).getResultList());
        if (oldestKept.isEmpty()) {
            return 0;
        }
        return deleteInBatches("SELECT id FROM " + table + " WHERE project_id = ? AND " + timeColumn + " < ?",
                "DELETE FROM " + table + " WHERE id IN ", batch, projectId, oldestKept.get(0));
    }

    /**
     * The database product and version, for /health/ready; throws unless a write would succeed now.
     * The check is a write that changes nothing (an UPDATE matching no row, rolled back) through the
     * pool the application uses, so a database that is down, still starting or read-only (a standby
     * after a failover) is reported as not ready, not just one that refuses connections.
     */
    /** The container's data source (for the pool's gauges); looked up on first use like everything here. */
    public DataSource dataSource() {
        factory();
        return dataSource;
    }

    public String ping() throws SQLException {
        factory();
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (var statement = connection.createStatement()) {
                statement.setQueryTimeout(2);
                statement.executeUpdate("UPDATE gh_project SET id = id WHERE 1 = 0");
            } finally {
                connection.rollback();
                connection.setAutoCommit(autoCommit);
            }
            var meta = connection.getMetaData();
            return meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion();
        }
    }

    private EntityManagerFactory factory() {
        EntityManagerFactory current = factory;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (factory == null) {
                factory = open();
            }
            return factory;
        }
    }

    private EntityManagerFactory open() {
        try {
            if (dataSource == null) {
                dataSource = lookup(Settings.dataSourceName());
            }
            Migrations.migrate(dataSource);
            Map<String, Object> properties = new java.util.HashMap<>();
            properties.put("jakarta.persistence.nonJtaDataSource", dataSource);
            String product = productName(dataSource);
            if (product.equalsIgnoreCase("H2")) {
                properties.put("eclipselink.target-database", H2Dialect.class.getName());
            }
            repeatableReadByDefault = product.toLowerCase(java.util.Locale.ROOT).matches(".*(mariadb|mysql).*");
            return Persistence.createEntityManagerFactory("gatehouse", properties);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Database unavailable: " + e.getMessage(), e);
            throw DomainException.unavailable("The database is unavailable");
        }
    }

    private static String productName(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the database: " + e.getMessage(), e);
        }
    }

    private static DataSource lookup(String name) {
        try {
            return (DataSource) new InitialContext().lookup(name);
        } catch (NamingException e) {
            throw new IllegalStateException("No data source at " + name
                    + ": configure it in the server (see README, 'Data source')", e);
        }
    }

    /** Whether the failure is a constraint violation (SQLState class 23), such as a duplicate key. */
    public static boolean isConstraintViolation(Throwable e) {
        SQLException sql = sqlCause(e);
        return sql != null && sql.getSQLState() != null && sql.getSQLState().startsWith("23");
    }

    /**
     * Whether the failure means the database cannot be reached right now (lost or refused
     * connection, the server shutting down, the pool's bounded wait for a connection ran out),
     * as opposed to a refusal of this request: the caller gets 503 with Retry-After, not a 500.
     */
    public static boolean isUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DomainException refusal && refusal.kind() == DomainException.Kind.UNAVAILABLE) {
                return true; // already translated (by write/read, or the factory's first open)
            }
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof java.net.ConnectException) {
                return true;
            }
            // DBCP's "Cannot get a connection, pool error Timeout waiting for idle object"
            if (t instanceof SQLException && t.getCause() instanceof java.util.NoSuchElementException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && isConnectionState(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** SQLState class 08 (connection exception), PostgreSQL's shutdown/starting states, too many connections. */
    private static boolean isConnectionState(String state) {
        return state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
                || state.equals("53300");
    }

    private static RuntimeException translate(RuntimeException e) {
        if (e instanceof DomainException) {
            return e;
        }
        if (isUnavailable(e)) {
            LOG.log(Level.WARNING, "Database unavailable: " + e.getMessage());
            return DomainException.unavailable("The database is unavailable; retry in a few seconds");
        }
        if (hasCause(e, OptimisticLockException.class)) {
            return DomainException.conflict("The resource was changed by another request at the same time; reload it and retry");
        }
        SQLException sql = sqlCause(e);
        if (sql != null && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
            return DomainException.conflict(Constraints.describe(fullMessage(e)));
        }
        return e;
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    private static String fullMessage(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    @PreDestroy
    void close() {
        if (factory != null) {
            factory.close();
        }
    }
}
