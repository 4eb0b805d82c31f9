package io.gatehouse.oidc;

import io.gatehouse.member.SessionEnded;
import io.gatehouse.platform.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;

/**
 * What the end of a member session means for the applications: every refresh token of the session
 * is revoked, and each application that received tokens in it and has a back-channel logout URI gets
 * a delivery queued, all in the transaction that ended the session. {@link LogoutSender} sends them.
 */
@ApplicationScoped
public class BackchannelLogout {
    private LogoutSender sender;

    protected BackchannelLogout() {
    }

    @Inject
    public BackchannelLogout(LogoutSender sender) {
        this.sender = sender;
    }

    void onSessionEnded(@Observes SessionEnded event) {
        EntityManager em = event.em();
        String sessionId = event.session().id();
        em.createQuery("UPDATE RefreshToken t SET t.revokedAt = :now WHERE t.memberSessionId = :s AND t.revokedAt IS NULL")
                .setParameter("now", Instant.now()).setParameter("s", sessionId).executeUpdate();
        List<Object[]> apps = em.createQuery("SELECT a, sa.issuer FROM Application a, SessionApplication sa WHERE sa.applicationId = a.id"
                        + " AND sa.memberSessionId = :s AND a.backchannelLogoutUri IS NOT NULL", Object[].class)
                .setParameter("s", sessionId).getResultList();
        for (Object[] row : apps) {
            Application app = (Application) row[0];
            em.persist(new LogoutDelivery(Ids.next(), app.projectId(), app.id(), event.session().userId(), sessionId,
                    (String) row[1], event.reason().name()));
        }
        if (!apps.isEmpty()) {
            sender.wake();
        }
    }
}
