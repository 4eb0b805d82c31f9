package io.gatehouse.console;

import io.gatehouse.audit.Actor;
import jakarta.enterprise.context.SessionScoped;
import jakarta.inject.Named;
import java.io.Serializable;

/**
 * The console administrator signed in to this HTTP session, if any: a local account, who may open
 * every project, or a project's SSO user whose effective role is an admin role, who may open only
 * that project (and whose access the guard re-checks at every request).
 */
@Named
@SessionScoped
public class ConsoleSession implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The signed-in admin's name, read by the guard (which runs outside CDI's request handling). */
    static final String SIGNED_IN_ATTRIBUTE = "gatehouse.console.admin";
    /** The one project an SSO admin may open; absent for local accounts. */
    static final String PROJECT_ATTRIBUTE = "gatehouse.console.project";

    private String username;
    private String projectId;

    public String getUsername() {
        return username;
    }

    /** The signed-in admin as the audit log names them. */
    public Actor actor() {
        return projectId == null ? Actor.admin(username) : Actor.ssoAdmin(username);
    }

    public boolean isSignedIn() {
        return username != null;
    }

    /** A local account: every project, and creating projects. */
    public boolean isAllProjects() {
        return username != null && projectId == null;
    }

    /** The project of an SSO admin; null for a local account. */
    public String getProjectId() {
        return projectId;
    }

    public boolean mayOpen(String project) {
        return isAllProjects() || (projectId != null && projectId.equals(project));
    }

    void signedIn(String name) {
        this.username = name;
        this.projectId = null;
    }

    void signedInThroughIdp(String userName, String project) {
        this.username = userName;
        this.projectId = project;
    }
}
