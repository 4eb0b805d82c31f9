package io.gatehouse.project;

import io.gatehouse.audit.Actor;
import io.gatehouse.audit.AuditLog;
import io.gatehouse.platform.DaemonThreads;
import io.gatehouse.platform.Database;
import io.gatehouse.platform.DomainException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Deletes a project and everything in it. First, in one short transaction, the project is marked
 * deleted and its SCIM tokens are removed: from that commit on, SCIM answers 401, the SAML endpoints,
 * the OpenID Connect provider, the member area, the API and the console answer as for an unknown
 * project, and its sessions no longer find it. Then its rows go in batches of {@link #BATCH}, each
 * its own transaction, so a project with a million users never holds one transaction for minutes:
 * users (their memberships, sessions, codes and tokens follow by the schema's ON DELETE CASCADE),
 * groups, the project's directory events and audit events, and finally the project row, whose cascades take the rest
 * (roles, SAML settings and keys, used message ids, applications, signing keys). A node stopped in
 * the middle leaves the mark; every node finishes marked projects at start and every few minutes.
 * The users and groups are removed by SQL on their tables, not through their packages: what links
 * them to the project is the schema, and the cascades are the schema's.
 */
@ApplicationScoped
public class ProjectDeletion {
    private static final Logger LOG = Logger.getLogger(ProjectDeletion.class.getName());
    static final int BATCH = 1000;

    private Database database;
    private AuditLog audit;
    private ScheduledExecutorService worker;

    protected ProjectDeletion() {
    }

    @Inject
    public ProjectDeletion(Database database, AuditLog audit) {
        this.database = database;
        this.audit = audit;
    }

    /** What the deletion removed, for the answer and the benchmark. */
    public record Removed(String projectId, String name, long users, long groups, long auditEvents) {
    }

    /**
     * Deletes the project when {@code confirmation} is its exact name (a typed confirmation, so a
     * script with the wrong id cannot delete a project by mistake); returns when all of it is gone.
     */
    public Removed delete(String projectId, String confirmation, Actor actor) {
        String name = database.write(em -> mark(em, projectId, confirmation, actor));
        return purge(projectId, name);
    }

    private String mark(EntityManager em, String projectId, String confirmation, Actor actor) {
        Projects.require(em, projectId);
        Project project = em.find(Project.class, projectId, LockModeType.PESSIMISTIC_WRITE); // one deletion at a time
        if (confirmation == null || !confirmation.equals(project.name())) {
            throw DomainException.invalid("To delete project \"" + project.name()
                    + "\", confirm with its exact name (the API: ?confirm=<name>); nothing was deleted");
        }
        String name = project.name();
        project.markDeleted();
        em.createNativeQuery("DELETE FROM gh_scim_token WHERE project_id = ?").setParameter(1, projectId).executeUpdate();
        // global (no project): the project's own audit log goes with it
        audit.record(em, null, actor, AuditLog.Entry.of("project.delete", "project", projectId,
                "Deleted project \"" + name + "\" (" + projectId + ") with its users, groups, roles, tokens, sessions, "
                        + "SSO settings and applications"));
        return name;
    }

    /** Removes the rows of a project marked deleted, batch by batch; safe to run again or on two nodes at once. */
    Removed purge(String projectId, String name) {
        long users = inBatches("SELECT id FROM gh_user WHERE project_id = ?", "DELETE FROM gh_user WHERE id IN ", projectId);
        long groups = inBatches("SELECT id FROM gh_group WHERE project_id = ?", "DELETE FROM gh_group WHERE id IN ", projectId);
        inBatches("SELECT id FROM gh_event WHERE project_id = ?", "DELETE FROM gh_event WHERE id IN ", projectId);
        inBatches("SELECT user_id FROM gh_announced_role WHERE project_id = ?", "DELETE FROM gh_announced_role WHERE user_id IN ",
                projectId);
        inBatches("SELECT id FROM gh_role_recheck WHERE project_id = ?", "DELETE FROM gh_role_recheck WHERE id IN ", projectId);
        inBatches("SELECT id FROM gh_scim_exchange WHERE project_id = ?", "DELETE FROM gh_scim_exchange WHERE id IN ", projectId);
        long events = inBatches("SELECT id FROM gh_audit_event WHERE project_id = ?", "DELETE FROM gh_audit_event WHERE id IN ",
                projectId);
        database.writing(em -> {
            // the default role is a role of the project: unlink it so the project row's cascade can take the roles
            em.createNativeQuery("UPDATE gh_project SET default_role_id = NULL WHERE id = ?").setParameter(1, projectId).executeUpdate();
            em.createNativeQuery("DELETE FROM gh_project WHERE id = ? AND deleted_at IS NOT NULL").setParameter(1, projectId)
                    .executeUpdate();
        });
        LOG.info("Project " + projectId + " deleted: " + users + " users, " + groups + " groups, " + events + " audit events");
        return new Removed(projectId, name, users, groups, events);
    }

    private long inBatches(String select, String delete, String projectId) {
        return database.deleteInBatches(select, delete, BATCH, projectId);
    }

    /** Finishes deletions a stopped node left (at start, then every five minutes). */
    void start(@Observes @Initialized(ApplicationScoped.class) Object context) {
        worker = DaemonThreads.scheduler("gatehouse-project-deletion");
        worker.scheduleWithFixedDelay(this::resume, 1, 5, TimeUnit.MINUTES);
    }

    @PreDestroy
    void stop() {
        if (worker != null) {
            worker.shutdownNow();
        }
    }

    void resume() {
        try {
            List<Project> marked = database.read(em -> em.createQuery("SELECT p FROM Project p WHERE p.deletedAt IS NOT NULL", Project.class)
                    .getResultList());
            marked.forEach(p -> purge(p.id(), p.name()));
        } catch (RuntimeException e) { // the database may be down: the next run tries again
            LOG.log(Level.WARNING, "Could not finish deleting projects: " + e.getMessage());
        }
    }
}
