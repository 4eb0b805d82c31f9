package io.gatehouse.console;

import io.gatehouse.audit.Actor;
import io.gatehouse.audit.AuditLog;
import io.gatehouse.member.MemberSession;
import io.gatehouse.member.MemberSessions;
import io.gatehouse.role.EffectiveRole;
import io.gatehouse.platform.Database;
import io.gatehouse.role.EffectiveRoles;
import io.gatehouse.user.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Who may administer a project in the console through their identity provider: a person signed in
 * to the project by SAML (not a regular user's password) whose effective role is an admin role. It
 * reads the session, the user and the role from the database each time, so deactivation, Single
 * Logout or a role change ends console access at the next click, on every node.
 */
@ApplicationScoped
public class ProjectAdmins {
    private MemberSessions sessions;
    private EffectiveRoles roles;
    private Database database;
    private AuditLog audit;

    protected ProjectAdmins() {
    }

    @Inject
    public ProjectAdmins(MemberSessions sessions, EffectiveRoles roles, Database database, AuditLog audit) {
        this.sessions = sessions;
        this.roles = roles;
        this.database = database;
        this.audit = audit;
    }

    public enum Verdict { NOT_SIGNED_IN, NOT_ADMIN, ADMIN }

    public record Check(Verdict verdict, User user, EffectiveRole role) {
        public boolean admin() {
            return verdict == Verdict.ADMIN;
        }
    }

    public Check check(HttpServletRequest request, String projectId) {
        MemberSessions.Current current = sessions.current(request, projectId);
        if (!current.active() || current.session().method() != MemberSession.Method.SAML) {
            return new Check(Verdict.NOT_SIGNED_IN, null, null);
        }
        EffectiveRole role = roles.of(projectId, current.user().id());
        return new Check(role.admin() ? Verdict.ADMIN : Verdict.NOT_ADMIN, current.user(), role);
    }

    /** Audits the outcome of an SSO user's console sign-in: console.sign-in, or console.sign-in-refused without an admin role. */
    public void audit(String projectId, Check check) {
        boolean admin = check.admin();
        String summary = (admin ? "Signed in to the console: " : "Console sign-in refused: ") + check.role().reason()
                + (admin ? ", an admin role" : ", not an admin role");
        database.writing(em -> audit.record(em, projectId, Actor.ssoAdmin(check.user().userName()),
                AuditLog.Entry.of(admin ? "console.sign-in" : "console.sign-in-refused", "user", check.user().id(), summary)));
    }
}
