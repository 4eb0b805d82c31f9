package io.gatehouse.saml;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.platform.Database;
import io.gatehouse.platform.DomainException;
import io.gatehouse.platform.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The sign-in trace's store: records each attempt in its own transaction after the sign-in is
 * decided (a failing write is logged, and the sign-in answers as it would have), and keeps it
 * bounded: every {@link #TRIM_EVERY} writes of a project on this node, the project is trimmed to its
 * newest {@link #KEPT_PER_PROJECT}, so even a flood of posts to the public ACS stays small;
 * SignInAttemptRetention removes what is older than 7 days.
 */
@ApplicationScoped
public class SignInAttempts {
    private static final Logger LOG = Logger.getLogger(SignInAttempts.class.getName());
    static final int KEPT_PER_PROJECT = 1000;
    static final String TABLE = "gh_sign_in_attempt";
    static final String TIME = "attempted_at";
    static final int TRIM_EVERY = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, AtomicInteger> writes = new ConcurrentHashMap<>();
    private Database database;

    protected SignInAttempts() {
    }

    @Inject
    public SignInAttempts(Database database) {
        this.database = database;
    }

    /** An attempt as the API and the console show it; reason, userName and message are there as null when there is none. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record View(String id, Instant at, String outcome, String reason, String userName, List<TraceCheck> checks,
                       String message) {
        static View of(SignInAttempt a) {
            return new View(a.id(), a.attemptedAt(), a.outcome(), a.reason(), a.userName(), readChecks(a.checksJson()), a.message());
        }
    }

    /** Stores the trace; never throws. */
    void record(String projectId, SignInTrace trace) {
        try {
            String checks = JSON.writeValueAsString(trace.checks());
            SignInAttempt attempt = new SignInAttempt(Ids.next(), projectId, Instant.now(),
                    trace.reasonCode(), bounded(trace.userName()), checks, trace.message());
            database.writing(em -> em.persist(attempt));
            if (writes.computeIfAbsent(projectId, p -> new AtomicInteger()).incrementAndGet() % TRIM_EVERY == 0) {
                trim(projectId);
            }
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.log(Level.WARNING, "Sign-in trace of project " + projectId + " not stored: " + e.getMessage());
        }
    }

    /** The project's newest attempts, newest first. */
    public List<View> recent(String projectId, int limit) {
        return database.read(em -> em.createQuery("SELECT a FROM SignInAttempt a WHERE a.projectId = :p "
                        + "ORDER BY a.attemptedAt DESC, a.id DESC", SignInAttempt.class)
                .setParameter("p", projectId).setMaxResults(limit).getResultStream().map(View::of).toList());
    }

    /** The id of the project's latest refused attempt still kept, or null (the live status links to it). */
    public String latestRefused(String projectId) {
        return database.read(em -> em.createQuery("SELECT a.id FROM SignInAttempt a WHERE a.projectId = :p AND a.outcome = :o "
                        + "ORDER BY a.attemptedAt DESC, a.id DESC", String.class).setParameter("p", projectId)
                .setParameter("o", SignInAttempt.REFUSED).setMaxResults(1).getResultStream().findFirst().orElse(null));
    }

    /** One attempt of the project, or NOT_FOUND (also for another project's). */
    public View get(String projectId, String attemptId) {
        return database.read(em -> {
            SignInAttempt attempt = attemptId == null ? null : em.find(SignInAttempt.class, attemptId);
            if (attempt == null || !attempt.projectId().equals(projectId)) {
                throw DomainException.notFound("Sign-in attempt");
            }
            return View.of(attempt);
        });
    }

    /** Removes the project's attempts older than its newest KEPT_PER_PROJECT; returns how many. */
    long trim(String projectId) {
        return database.keepNewest(TABLE, TIME, projectId, KEPT_PER_PROJECT, 500);
    }

    private static List<TraceCheck> readChecks(String json) {
        try {
            return JSON.readValue(json, new TypeReference<List<TraceCheck>>() { });
        } catch (JsonProcessingException e) {
            return List.of(new TraceCheck("Trace", false, "The stored checks could not be read"));
        }
    }

    private static String bounded(String value) {
        return value == null || value.length() <= Claims.USER_NAME_MAX ? value : value.substring(0, Claims.USER_NAME_MAX);
    }
}
