package io.gatehouse.console;

import io.gatehouse.audit.AuditEvent;
import io.gatehouse.audit.AuditLog;
import io.gatehouse.platform.DomainException;
import io.gatehouse.user.Users;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/** One user: attributes, status, groups in priority order, effective role and why, recent audit events. */
@Named
@ViewScoped
public class UserView extends ProjectPage {
    private static final long serialVersionUID = 1L;

    @Inject
    Users users;
    @Inject
    AuditLog audit;

    private String userId;
    private transient Users.Detail detail;
    private transient List<AuditEvent> events;

    @Override
    protected void load() {
        if (userId == null) {
            userId = FacesContext.getCurrentInstance().getExternalContext().getRequestParameterMap().get("u");
        }
        try {
            detail = users.get(getProjectId(), userId);
        } catch (DomainException notFound) {
            detail = null;
            return;
        }
        events = audit.list(getProjectId(), new AuditLog.Query(null, null, userId, null, 20));
    }

    public void changeActive(boolean active) {
        Users.Change change = new Users.Change(null, null, null, active, null);
        if (Messages.attempt(() -> users.update(getProjectId(), userId, change, detail.user().version(), actor()),
                active ? "User reactivated." : "User deactivated: their sessions end at their next request.") != null) {
            load();
        }
    }

    public Users.Detail getDetail() { return detail; }
    public List<AuditEvent> getEvents() { return events; }
}
