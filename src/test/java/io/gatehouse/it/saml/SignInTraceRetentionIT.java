package io.gatehouse.it.saml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.it.DriverManagerDataSource;
import io.gatehouse.platform.Database;
import io.gatehouse.platform.Ids;
import io.gatehouse.platform.UtcTimestamp;
import io.gatehouse.saml.SignInAttemptRetention;
import io.gatehouse.saml.SignInAttempts;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sign-in trace stays bounded on the real database of this run (H2, PostgreSQL, MariaDB):
 * a project's attempts beyond its newest 1,000 and every attempt older than 7 days are purged,
 * the rest kept, newest first.
 */
class SignInTraceRetentionIT {
    static Database database;
    static SignInAttempts attempts;

    @BeforeAll
    static void connect() {
        database = new Database(DriverManagerDataSource.forThisRun());
        attempts = new SignInAttempts(database);
    }

    private static String project() {
        String id = Ids.next();
        database.writing(em -> em.createNativeQuery("INSERT INTO gh_project (id, name, name_key, saml_token, created_at, "
                        + "last_modified, version) VALUES (?1, ?2, ?3, ?4, ?5, ?5, 0)").setParameter(1, id)
                .setParameter(2, "Trace " + id).setParameter(3, "trace " + id).setParameter(4, Ids.next())
                .setParameter(5, UtcTimestamp.sql(Instant.now())).executeUpdate());
        return id;
    }

    private static void attempt(EntityManager em, String projectId, Instant at) {
        em.createNativeQuery("INSERT INTO gh_sign_in_attempt (id, project_id, attempted_at, outcome, reason, user_name, checks, "
                        + "message) VALUES (?1, ?2, ?3, 'refused', 'MALFORMED', NULL, '[]', 'x')").setParameter(1, Ids.next())
                .setParameter(2, projectId).setParameter(3, UtcTimestamp.sql(at)).executeUpdate();
    }

    private static long count(String projectId) {
        return ((Number) database.read(em -> em.createNativeQuery("SELECT COUNT(*) FROM gh_sign_in_attempt WHERE project_id = ?1")
                .setParameter(1, projectId).getSingleResult())).longValue();
    }

    private static long olderThan(String projectId, Instant at) {
        return ((Number) database.read(em -> em.createNativeQuery("SELECT COUNT(*) FROM gh_sign_in_attempt WHERE project_id = ?1 "
                + "AND attempted_at < ?2").setParameter(1, projectId).setParameter(2, UtcTimestamp.sql(at)).getSingleResult()))
                .longValue();
    }

    @Test
    void beyondTheNewest1000AndOlderThan7DaysArePurged() {
        String busy = project();
        String quiet = project();
        Instant now = Instant.now();
        database.writing(em -> {
            for (int i = 0; i < 1010; i++) {
                attempt(em, busy, now.minus(Duration.ofSeconds(i)));
            }
            attempt(em, quiet, now.minus(Duration.ofDays(8)));
            attempt(em, quiet, now.minus(Duration.ofDays(7).plusMinutes(1)));
            attempt(em, quiet, now.minus(Duration.ofDays(6)));
        });
        long removed = new SignInAttemptRetention(database).purge();
        assertTrue(removed >= 12, "removed " + removed);
        assertEquals(1000, count(busy), "the newest 1,000 are kept");
        List<SignInAttempts.View> newest = attempts.recent(busy, 500);
        assertEquals(500, newest.size());
        for (int i = 1; i < newest.size(); i++) {
            assertTrue(!newest.get(i).at().isAfter(newest.get(i - 1).at()), "newest first");
        }
        assertEquals(0, olderThan(busy, now.minusMillis(999_500)), "the ten oldest went");
        assertEquals(1, olderThan(busy, now.minusMillis(998_500)), "the 1,000th newest stayed");
        assertEquals(1, count(quiet), "only the one within 7 days is kept");
    }
}
