package io.gatehouse.console;

import io.gatehouse.audit.Actor;
import jakarta.enterprise.context.SessionScoped;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpSession;
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

    /** A local admin signed in (after the caller gave the HTTP session a fresh id). */
    void signedIn(HttpSession http, String name) {
        remember(http, name, null);
    }

    /** A project's SSO admin signed in (after the caller gave the HTTP session a fresh id). */
    void signedInThroughIdp(HttpSession http, String userName, String project) {
        remember(http, userName, project);
    }

    /** Here for the pages, and as plain session attributes for the guard. */
    private void remember(HttpSession http, String name, String project) {
        this.username = name;
        this.projectId = project;
        http.setAttribute(SIGNED_IN_ATTRIBUTE, name);
        if (project == null) {
            http.removeAttribute(PROJECT_ATTRIBUTE);
        } else {
            http.setAttribute(PROJECT_ATTRIBUTE, project);
        }
    }
}
