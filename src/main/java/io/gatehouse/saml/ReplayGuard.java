package io.gatehouse.saml;

import io.gatehouse.platform.Database;
import io.gatehouse.platform.Secrets;
import io.gatehouse.member.SignInFailure;
import io.gatehouse.member.SignInFailure.Reason;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One-time use of Response and Assertion IDs, recorded in the database so a response replayed to
 * another node, or in a fresh session, is refused too. pac4j's own replay cache is per JVM and
 * forgets an ID after the clock skew; this one keeps it until the assertion has expired.
 */
@ApplicationScoped
public class ReplayGuard {
    private Database database;

    protected ReplayGuard() {
    }

    @Inject
    public ReplayGuard(Database database) {
        this.database = database;
    }

    /**
     * Records the IDs as used inside the caller's transaction, or refuses with REPLAY if any was
     * used before (the caller's transaction then rolls back, and nothing of the sign-in is written).
     */
    void firstUse(EntityManager em, String projectId, List<String> ids, Instant keepUntil) {
        try {
            ids.forEach(id -> em.persist(new UsedMessageId(Secrets.hash(projectId + "|" + id), projectId, keepUntil)));
            em.flush();
        } catch (PersistenceException e) {
            if (Database.isConstraintViolation(e)) {
                throw new SignInFailure(Reason.REPLAY, "Response or assertion ID used before: " + ids);
            }
            throw e;
        }
        if (ThreadLocalRandom.current().nextInt(100) == 0) {
            database.writing(cleanup -> cleanup.createQuery("DELETE FROM UsedMessageId u WHERE u.expiresAt < :now")
                    .setParameter("now", Instant.now()).executeUpdate());
        }
    }
}
