package io.gatehouse.events;

import io.gatehouse.platform.Database;
import io.gatehouse.project.Projects;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;

/** A project's events in sequence order: what the feed pages through and webhooks deliver. */
@ApplicationScoped
public class Events {
    private Database database;

    protected Events() {
    }

    @Inject
    public Events(Database database) {
        this.database = database;
    }

    /** Up to {@code limit} events of the project after sequence number {@code afterSeq}, oldest first. */
    public List<Event> after(String projectId, long afterSeq, int limit) {
        return database.read(em -> {
            Projects.require(em, projectId);
            return after(em, projectId, afterSeq, limit);
        });
    }

    /** The project's last sequence number (0 before its first event), without locking its counter. */
    public static long lastSeq(EntityManager em, String projectId) {
        @SuppressWarnings("unchecked")
        List<Object> seq = em.createNativeQuery("SELECT last_seq FROM gh_event_counter WHERE project_id = ?1")
                .setParameter(1, projectId).getResultList();
        return seq.isEmpty() ? 0 : ((Number) seq.get(0)).longValue();
    }

    /** The same inside the caller's unit of work (the project is not checked). */
    public static List<Event> after(EntityManager em, String projectId, long afterSeq, int limit) {
        return em.createQuery("SELECT e FROM Event e WHERE e.projectId = :p AND e.seq > :after ORDER BY e.seq", Event.class)
                .setParameter("p", projectId).setParameter("after", afterSeq).setMaxResults(limit).getResultList();
    }
}
