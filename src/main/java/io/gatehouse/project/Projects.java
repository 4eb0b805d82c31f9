package io.gatehouse.project;

import io.gatehouse.audit.Actor;
import io.gatehouse.audit.AuditLog;
import io.gatehouse.platform.Database;
import io.gatehouse.platform.DomainException;
import io.gatehouse.platform.Ids;
import io.gatehouse.platform.Names;
import io.gatehouse.platform.Secrets;
import io.gatehouse.platform.Versions;
import io.gatehouse.role.Role;
import io.gatehouse.role.Roles;
import io.gatehouse.role.RolesToRecheck;
import jakarta.enterprise.event.Event;
import io.gatehouse.saml.SamlSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;

/** Creates, finds and renames projects; a new project gets a default role and SSO settings. */
@ApplicationScoped
public class Projects {
    static final String DEFAULT_ROLE_NAME = "Member";
    private static final int NAME_MAX = 200;

    private Database database;
    private AuditLog audit;
    private Roles roles;
    private Event<RolesToRecheck> rolesToRecheck;
    private Event<ProjectCreated> created;

    protected Projects() {
    }

    @Inject
    public Projects(Database database, AuditLog audit, Roles roles, Event<RolesToRecheck> rolesToRecheck,
                    Event<ProjectCreated> created) {
        this.created = created;
        this.rolesToRecheck = rolesToRecheck;
        this.database = database;
        this.audit = audit;
        this.roles = roles;
    }

    public Project create(String name, Actor actor) {
        String validName = Names.require("name", name, NAME_MAX);
        return database.write(em -> {
            Project project = new Project(Ids.next(), validName, Secrets.random(32));
            em.persist(project);
            em.persist(new SamlSettings(project.id()));
            em.flush(); // the default role references the project row
            created.fire(new ProjectCreated(em, project.id()));
            Role defaultRole = roles.create(em, project.id(), DEFAULT_ROLE_NAME, false, actor);
            em.flush();
            project.defaultRole(defaultRole.id());
            audit.record(em, project.id(), actor, AuditLog.Entry.of("project.create", "project", project.id(),
                    "Created project \"" + validName + "\" with default role \"" + DEFAULT_ROLE_NAME + "\""));
            return project;
        });
    }

    public List<Project> list() {
        return database.read(em -> em.createQuery("SELECT p FROM Project p WHERE p.deletedAt IS NULL ORDER BY p.nameKey", Project.class)
                .getResultList());
    }

    public Project get(String projectId) {
        return database.read(em -> require(em, projectId));
    }

    public Project rename(String projectId, String name, Long expectedVersion, Actor actor) {
        String validName = Names.require("name", name, NAME_MAX);
        return database.write(em -> {
            Project project = require(em, projectId);
            Versions.check(expectedVersion, project.version());
            String before = project.name();
            project.rename(validName);
            audit.record(em, projectId, actor, AuditLog.Entry.of("project.rename", "project", projectId,
                    "Renamed project \"" + before + "\" to \"" + validName + "\""));
            return project;
        });
    }

    /** Makes a role of this project its default role (inside the caller's transaction). */
    public void setDefaultRole(EntityManager em, String projectId, String roleId, Actor actor) {
        Project project = require(em, projectId);
        Role role = roles.require(em, projectId, roleId);
        if (!role.id().equals(project.defaultRoleId())) {
            project.defaultRole(role.id());
            rolesToRecheck.fire(new RolesToRecheck(em, projectId, null, actor)); // everyone in no group with a role
            audit.record(em, projectId, actor, AuditLog.Entry.of("project.default-role", "role", role.id(),
                    "Default role set to \"" + role.name() + "\""));
        }
    }

    /** The project, or NOT_FOUND (also once it is deleted). Every project-scoped operation starts here. */
    public static Project require(EntityManager em, String projectId) {
        Project project = projectId == null ? null : em.find(Project.class, projectId);
        if (project == null || project.deleted()) {
            throw DomainException.notFound("Project");
        }
        return project;
    }

    /** The project whose SAML URLs carry this token, or NOT_FOUND. */
    public Project bySamlToken(String samlToken) {
        return database.read(em -> em.createQuery("SELECT p FROM Project p WHERE p.samlToken = :token AND p.deletedAt IS NULL", Project.class)
                .setParameter("token", samlToken).getResultStream().findFirst()
                .orElseThrow(() -> DomainException.notFound("Project")));
    }
}
