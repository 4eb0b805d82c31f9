package io.gatehouse.platform;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The HTTP sessions of every node, in the database, so any node answers any request: no sticky
 * sessions, and a restarted node signs nobody out. {@link SharedSessionFilter} gives every request a
 * session from here instead of the server's; this class reads and writes the rows. A request writes
 * back only the attributes it changed, over the row as it is then (under its lock), so two requests
 * of one browser on two nodes do not undo each other's other attributes (and entries of a map both
 * changed merge, {@link SessionAttributes#merge}); a session ended on one node (sign-out) is never
 * written back to life by a request still running on another.
 */
@ApplicationScoped
public class SharedSessions {
    private static final Logger LOG = Logger.getLogger(SharedSessions.class.getName());
    /** A session used again within this long is not written just to say so. */
    static final long TOUCH_AFTER_SECONDS = 60;
    static final int PURGE_BATCH = 1000;

    private Database database;
    private ScheduledExecutorService purger;

    protected SharedSessions() {
    }

    @Inject
    public SharedSessions(Database database) {
        this.database = database;
    }

    /**
     * The request's shared session, for code that holds the server's own request object rather than
     * the filter's (CDI's injected {@code HttpServletRequest}): both carry the same attributes.
     */
    public static HttpSession of(HttpServletRequest request, boolean create) {
        RequestSession session = RequestSession.of(request);
        return session == null ? request.getSession(create) : session.session(create);
    }

    /** The stored session with this id if it still holds; an expired one is removed. */
    Optional<StoredSession> find(String id) {
        StoredSession row = database.read(em -> em.find(StoredSession.class, id));
        if (row != null && row.expired(Instant.now())) {
            delete(id);
            return Optional.empty();
        }
        return Optional.ofNullable(row);
    }

    /** A session seen for the first time, or one under a new id (which replaces {@code previousId}). */
    void insert(SharedSession session, Map<String, byte[]> attributes, String previousId) {
        Instant now = Instant.now();
        database.writing(em -> {
            if (previousId != null) {
                StoredSession old = em.find(StoredSession.class, previousId);
                if (old != null) {
                    em.remove(old);
                }
            }
            em.persist(new StoredSession(session.getId(), Instant.ofEpochMilli(session.getCreationTime()), now,
                    session.getMaxInactiveInterval(), SessionAttributes.encode(attributes)));
        });
    }

    /**
     * Applies a request's changes to the row as it is now; false when the row is gone (the session
     * ended meanwhile, and stays ended).
     */
    boolean update(SharedSession session, SharedSession.Changes changes) {
        Instant now = Instant.now();
        return database.write(em -> {
            StoredSession row = em.find(StoredSession.class, session.getId(), LockModeType.PESSIMISTIC_WRITE);
            if (row == null) {
                return false;
            }
            String attributes = row.attributes();
            if (!changes.none()) {
                Map<String, byte[]> current = SessionAttributes.decode(attributes);
                changes.changed().forEach((name, ours) ->
                        current.put(name, SessionAttributes.merge(session.base(name), ours, current.get(name))));
                changes.removed().forEach(current::remove);
                attributes = SessionAttributes.encode(current);
            }
            row.update(attributes, now, session.getMaxInactiveInterval());
            return true;
        });
    }

    /** Whether a session last written at {@code lastAccess} should be written now though nothing changed. */
    static boolean due(long lastAccess) {
        return System.currentTimeMillis() - lastAccess > TOUCH_AFTER_SECONDS * 1000;
    }

    void delete(String id) {
        database.writing(em -> {
            StoredSession row = em.find(StoredSession.class, id);
            if (row != null) {
                em.remove(row);
            }
        });
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object context) {
        purger = DaemonThreads.scheduler("gatehouse-session-purge");
        purger.scheduleWithFixedDelay(this::purgeQuietly, 1, 10, TimeUnit.MINUTES);
    }

    @PreDestroy
    void stop() {
        if (purger != null) {
            purger.shutdownNow();
        }
    }

    /** Removes the sessions idle past their limit; returns how many went. */
    public long purge() {
        return database.deleteInBatches("SELECT id FROM gh_http_session WHERE expires_at < ?",
                "DELETE FROM gh_http_session WHERE id IN ", PURGE_BATCH, UtcTimestamp.sql(Instant.now()));
    }

    private void purgeQuietly() {
        try {
            purge();
        } catch (RuntimeException e) { // the database may be down: the next run catches up
            LOG.log(Level.WARNING, "Session purge: " + e.getMessage());
        }
    }
}
