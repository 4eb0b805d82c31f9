package io.gatehouse.audit;

import io.gatehouse.platform.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.List;

/** The audit trail of every change. Events are appended inside the transaction of the change they record. */
@ApplicationScoped
public class AuditLog {
    private Database database;

    protected AuditLog() {
    }

    @Inject
    public AuditLog(Database database) {
        this.database = database;
    }

    /** What an event is about: a typed target and a one-line summary, plus optional detail (JSON). */
    public record Entry(String action, String targetType, String targetId, String summary, String detail) {
        public static Entry of(String action, String targetType, String targetId, String summary) {
            return new Entry(action, targetType, targetId, summary, null);
        }
    }

    public void record(EntityManager em, String projectId, Actor actor, Entry entry) {
        em.persist(new AuditEvent(projectId, actor, entry.action(), entry.targetType(), entry.targetId(),
                entry.summary(), entry.detail()));
    }

    /** Filters for {@link #list}; null fields do not filter. */
    public record Query(Actor.Source source, String action, String targetId, Long beforeSeq, int limit) {
    }

    /**
     * A project's events, or with a null project the events that belong to no project (admin keys,
     * console admins), newest first; page further back with {@code beforeSeq}.
     */
    public List<AuditEvent> list(String projectId, Query query) {
        return search(projectId, new Search(query.source(), query.action(), query.targetId(), null, null, query.beforeSeq(),
                query.limit()));
    }

    /** {@link Query} with a time window: events at or after {@code from} and before {@code until}. */
    public record Search(Actor.Source source, String action, String targetId, java.time.Instant from,
                         java.time.Instant until, Long beforeSeq, int limit) {
    }

    /** Like {@link #list}, with a time window too (the console's audit log). */
    public List<AuditEvent> search(String projectId, Search query) {
        StringBuilder jpql = new StringBuilder("SELECT e FROM AuditEvent e WHERE "
                + (projectId == null ? "e.projectId IS NULL" : "e.projectId = :project"));
        List<Object[]> parameters = new ArrayList<>();
        if (projectId != null) {
            parameters.add(new Object[] {"project", projectId});
        }
        condition(jpql, parameters, "e.source = :source", "source", query.source());
        condition(jpql, parameters, "e.action = :action", "action", query.action());
        condition(jpql, parameters, "e.targetId = :target", "target", query.targetId());
        condition(jpql, parameters, "e.occurredAt >= :from", "from", query.from());
        condition(jpql, parameters, "e.occurredAt < :until", "until", query.until());
        condition(jpql, parameters, "e.seq < :before", "before", query.beforeSeq());
        jpql.append(" ORDER BY e.seq DESC");
        return database.read(em -> {
            TypedQuery<AuditEvent> q = em.createQuery(jpql.toString(), AuditEvent.class);
            parameters.forEach(p -> q.setParameter((String) p[0], p[1]));
            return q.setMaxResults(query.limit()).getResultList();
        });
    }

    private static void condition(StringBuilder jpql, List<Object[]> parameters, String clause, String name, Object value) {
        if (value != null) {
            jpql.append(" AND ").append(clause);
            parameters.add(new Object[] {name, value});
        }
    }
}
