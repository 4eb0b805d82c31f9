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
import java.util.Map;
import java.util.function.Consumer;
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
        try {
            tx.begin();
            T result = work.apply(em);
            em.flush();
            tx.commit();
            return result;
        } catch (RuntimeException e) {
            throw translate(e);
        } finally {
            if (tx.isActive()) {
                tx.rollback();
            }
            em.close();
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
     * The database product and version, for /health/ready; throws unless a write would succeed now.
     * The check is a write that changes nothing (an UPDATE matching no row, rolled back) through the
     * pool the application uses, so a database that is down, still starting or read-only (a standby
     * after a failover) is reported as not ready, not just one that refuses connections.
     */
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
            if (isH2(dataSource)) {
                properties.put("eclipselink.target-database", H2Dialect.class.getName());
            }
            return Persistence.createEntityManagerFactory("gatehouse", properties);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Database unavailable: " + e.getMessage(), e);
            throw DomainException.unavailable("The database is unavailable");
        }
    }

    private static boolean isH2(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName().equalsIgnoreCase("H2");
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
