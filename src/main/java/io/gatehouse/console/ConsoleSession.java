package io.gatehouse.console;

import io.gatehouse.audit.Actor;
import io.gatehouse.platform.SharedSessions;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * The console administrator signed in to this browser's session, if any: a local account, who may
 * open every project, or a project's SSO user whose effective role is an admin role, who may open only
 * that project (and whose access the guard re-checks at every request). Read from the shared HTTP
 * session at each request, never kept in a node's memory: any node answers the next click.
 */
@Named
@RequestScoped
public class ConsoleSession {
    /** The signed-in admin's name, a session attribute (the guard reads it too). */
    static final String SIGNED_IN_ATTRIBUTE = "gatehouse.console.admin";
    /** The one project an SSO admin may open; absent for local accounts. */
    static final String PROJECT_ATTRIBUTE = "gatehouse.console.project";

    @Inject
    HttpServletRequest request;

    public String getUsername() {
        return attribute(SIGNED_IN_ATTRIBUTE);
    }

    /** The signed-in admin as the audit log names them. */
    public Actor actor() {
        return getProjectId() == null ? Actor.admin(getUsername()) : Actor.ssoAdmin(getUsername());
    }

    public boolean isSignedIn() {
        return getUsername() != null;
    }

    /** A local account: every project, and creating projects. */
    public boolean isAllProjects() {
        return isSignedIn() && getProjectId() == null;
    }

    /** The project of an SSO admin; null for a local account. */
    public String getProjectId() {
        return attribute(PROJECT_ATTRIBUTE);
    }

    public boolean mayOpen(String project) {
        return isAllProjects() || (getProjectId() != null && getProjectId().equals(project));
    }

    /** A local admin signed in (after the caller gave the HTTP session a fresh id). */
    void signedIn(HttpSession http, String name) {
        remember(http, name, null);
    }

    /** A project's SSO admin signed in (after the caller gave the HTTP session a fresh id). */
    void signedInThroughIdp(HttpSession http, String userName, String project) {
        remember(http, userName, project);
    }

    private static void remember(HttpSession http, String name, String project) {
        http.setAttribute(SIGNED_IN_ATTRIBUTE, name);
        if (project == null) {
            http.removeAttribute(PROJECT_ATTRIBUTE);
        } else {
            http.setAttribute(PROJECT_ATTRIBUTE, project);
        }
    }

    /** CDI's request is the server's own; the shared session hangs on it as on the filter's wrapper. */
    private String attribute(String name) {
        HttpSession http = SharedSessions.of(request, false);
        Object value = http == null ? null : http.getAttribute(name);
        return value == null ? null : value.toString();
    }
}
