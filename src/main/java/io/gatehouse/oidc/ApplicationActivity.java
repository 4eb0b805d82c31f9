package io.gatehouse.oidc;

import io.gatehouse.platform.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a project's applications have been doing, for the console's live status: the last token
 * issued and the latest back-channel logouts. Read-only; every query is bounded by the project and
 * served by an index (gh_oidc_refresh_token and gh_oidc_logout on project_id, created_at).
 */
@ApplicationScoped
public class ApplicationActivity {
    private Database database;

    protected ApplicationActivity() {
    }

    @Inject
    public ApplicationActivity(Database database) {
        this.database = database;
    }

    /** A token handed to an application at a time. */
    public record TokenIssued(String applicationId, Instant at) {
    }

    /**
     * The project's newest token. Every token response carries a refresh token (one row each), so the
     * newest refresh token row is the last time any application received tokens.
     */
    public Optional<TokenIssued> lastTokenIssued(String projectId) {
        return database.read(em -> em.createQuery(
                        "SELECT r.applicationId, r.createdAt FROM RefreshToken r WHERE r.projectId = :p ORDER BY r.createdAt DESC",
                        Object[].class)
                .setParameter("p", projectId).setMaxResults(1).getResultStream().findFirst()
                .map(row -> new TokenIssued((String) row[0], instant(row[1]))));
    }

    /**
     * When each application of the project last received tokens (applications that never did are
     * absent). Native SQL: through JPQL, EclipseLink hands MAX's raw Timestamp to the UTC converter,
     * which expects a LocalDateTime, and fails. One range of the (project_id, created_at) index.
     */
    public Map<String, Instant> lastTokenByApplication(String projectId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = database.read(em -> em.createNativeQuery("SELECT application_id, MAX(created_at)"
                        + " FROM gh_oidc_refresh_token WHERE project_id = ? GROUP BY application_id")
                .setParameter(1, projectId).getResultList());
        Map<String, Instant> last = new HashMap<>();
        rows.forEach(row -> last.put((String) row[0], instant(row[1])));
        return last;
    }

    /** The project's latest back-channel logout deliveries, newest first. */
    public List<LogoutDelivery> recentLogouts(String projectId, int limit) {
        return database.read(em -> em.createQuery(
                        "SELECT d FROM LogoutDelivery d WHERE d.projectId = :p ORDER BY d.createdAt DESC", LogoutDelivery.class)
                .setParameter("p", projectId).setMaxResults(limit).getResultList());
    }

    /** A timestamp column read without the converter: the JDBC driver's type, holding UTC wall-clock time. */
    private static Instant instant(Object value) {
        if (value instanceof LocalDateTime utc) {
            return utc.toInstant(ZoneOffset.UTC);
        }
        if (value instanceof Timestamp utc) {
            return utc.toLocalDateTime().toInstant(ZoneOffset.UTC);
        }
        return (Instant) value;
    }
}
