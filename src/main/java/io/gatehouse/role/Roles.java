package io.gatehouse.role;

import io.gatehouse.audit.Actor;
import io.gatehouse.audit.AuditLog;
import io.gatehouse.platform.Database;
import io.gatehouse.platform.DomainException;
import io.gatehouse.platform.Ids;
import io.gatehouse.platform.Names;
import io.gatehouse.platform.Versions;
import io.gatehouse.project.Project;
import io.gatehouse.project.Projects;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;

/** A project's roles. A role cannot be deleted while it is the default role or a group's role. */
@ApplicationScoped
public class Roles {
    private static final int NAME_MAX = 200;

    private Database database;
    private AuditLog audit;

    protected Roles() {
    }

    @Inject
    public Roles(Database database, AuditLog audit) {
        this.database = database;
        this.audit = audit;
    }

    public Role create(String projectId, String name, boolean admin, Actor actor) {
        return database.write(em -> {
            Projects.require(em, projectId);
            return create(em, projectId, name, admin, actor);
        });
    }

    public Role create(EntityManager em, String projectId, String name, boolean admin, Actor actor) {
        String validName = Names.require("name", name, NAME_MAX);
        refuseDuplicate(em, projectId, validName, null);
        Role role = new Role(Ids.next(), projectId, validName, admin);
        em.persist(role);
        audit.record(em, projectId, actor, AuditLog.Entry.of("role.create", "role", role.id(),
                "Created role \"" + validName + "\"" + (admin ? " (admin)" : "")));
        return role;
    }

    public List<Role> list(String projectId) {
        return database.read(em -> {
            Projects.require(em, projectId);
            return em.createQuery("SELECT r FROM Role r WHERE r.projectId = :p ORDER BY r.nameKey", Role.class)
                    .setParameter("p", projectId).getResultList();
        });
    }

    public Role get(String projectId, String roleId) {
        return database.read(em -> require(em, projectId, roleId));
    }

    public Role update(String projectId, String roleId, String name, Boolean admin, Long expectedVersion, Actor actor) {
        return database.write(em -> {
            Role role = require(em, projectId, roleId);
            Versions.check(expectedVersion, role.version());
            String newName = name == null ? role.name() : Names.require("name", name, NAME_MAX);
            boolean newAdmin = admin == null ? role.admin() : admin;
            refuseDuplicate(em, projectId, newName, roleId);
            String before = role.name();
            role.update(newName, newAdmin);
            audit.record(em, projectId, actor, AuditLog.Entry.of("role.update", "role", roleId,
                    "Updated role \"" + before + "\" to \"" + newName + "\"" + (newAdmin ? " (admin)" : "")));
            return role;
        });
    }

    public void delete(String projectId, String roleId, Actor actor) {
        database.writing(em -> {
            Role role = require(em, projectId, roleId);
            Project project = Projects.require(em, projectId);
            if (roleId.equals(project.defaultRoleId())) {
                throw DomainException.conflict("Role \"" + role.name() + "\" is the project's default role; choose another default role first");
            }
            List<String> groups = em.createQuery(
                    "SELECT g.displayName FROM ProjectGroup g WHERE g.roleId = :r ORDER BY g.priority", String.class)
                    .setParameter("r", roleId).setMaxResults(5).getResultList();
            if (!groups.isEmpty()) {
                throw DomainException.conflict("Role \"" + role.name() + "\" is in use by group(s) "
                        + String.join(", ", groups) + "; give those groups another role first");
            }
            em.remove(role);
            audit.record(em, projectId, actor, AuditLog.Entry.of("role.delete", "role", roleId,
                    "Deleted role \"" + role.name() + "\""));
        });
    }

    /** The role if it belongs to this project; NOT_FOUND otherwise (also for another project's role). */
    public Role require(EntityManager em, String projectId, String roleId) {
        Role role = roleId == null ? null : em.find(Role.class, roleId);
        if (role == null || !role.projectId().equals(projectId)) {
            throw DomainException.notFound("Role");
        }
        return role;
    }

    private static void refuseDuplicate(EntityManager em, String projectId, String name, String exceptId) {
        boolean taken = em.createQuery("SELECT r.id FROM Role r WHERE r.projectId = :p AND r.nameKey = :k", String.class)
                .setParameter("p", projectId).setParameter("k", Names.key(name))
                .getResultStream().anyMatch(id -> !id.equals(exceptId));
        if (taken) {
            throw DomainException.conflict("A role with this name already exists in the project");
        }
    }
}
