package io.gatehouse.console;

import io.gatehouse.admin.AdminAccount;
import io.gatehouse.admin.AdminAccounts;
import io.gatehouse.audit.AuditEvent;
import io.gatehouse.audit.AuditLog;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/**
 * The console's local administrators (every project): add one with a first password, remove
 * another, change your own password; and the latest events that belong to no project. Project
 * admins who sign in through their IdP never get here (the guard keeps them in their project).
 */
@Named
@ViewScoped
public class AdminsView extends ConsolePage {
    private static final long serialVersionUID = 1L;

    @Inject
    AdminAccounts accounts;
    @Inject
    AuditLog audit;
    @Inject
    ConsoleSession session;

    static final int RECENT_EVENTS = 25;

    private transient List<AdminAccount> admins;
    private transient List<AuditEvent> recent;
    private String newUsername;
    private String newPassword;
    private String currentPassword;
    private String changedPassword;
    private String repeatedPassword;

    @PostConstruct
    void open() {
        load();
    }

    @Override
    protected void load() {
        admins = accounts.list();
        // events outside any project: console admins' sign-ins and accounts, management API keys
        recent = audit.list(null, new AuditLog.Query(null, null, null, null, RECENT_EVENTS));
    }

    public void create() {
        String name = newUsername;
        if (Messages.attempt(() -> accounts.create(name, newPassword, session.actor()),
                "Administrator \"" + name + "\" added. Give them their first password by a separate channel.") != null) {
            newUsername = null;
        }
        newPassword = null;
        load();
    }

    public void delete(AdminAccount admin) {
        Messages.attempt(() -> accounts.delete(admin.id(), session.getUsername(), session.actor()),
                "Administrator \"" + admin.username() + "\" removed; their console session ends at their next click.");
        load();
    }

    public void changePassword() {
        if (changedPassword == null || !changedPassword.equals(repeatedPassword)) {
            Messages.error("The new password and its repetition differ.");
        } else {
            Messages.attempt(() -> accounts.changePassword(session.getUsername(), currentPassword, changedPassword, session.actor()),
                    "Password changed.");
        }
        load();
        currentPassword = null;
        changedPassword = null;
        repeatedPassword = null;
    }

    public boolean isYou(AdminAccount admin) {
        return admin.username().equalsIgnoreCase(session.getUsername());
    }

    public List<AdminAccount> getAdmins() { return admins; }
    public List<AuditEvent> getRecent() { return recent; }
    public String getNewUsername() { return newUsername; }
    public void setNewUsername(String newUsername) { this.newUsername = newUsername; }
    public String getNewPassword() { return newPassword; }
    public void setNewPassword(String newPassword) { this.newPassword = newPassword; }
    public String getCurrentPassword() { return currentPassword; }
    public void setCurrentPassword(String currentPassword) { this.currentPassword = currentPassword; }
    public String getChangedPassword() { return changedPassword; }
    public void setChangedPassword(String changedPassword) { this.changedPassword = changedPassword; }
    public String getRepeatedPassword() { return repeatedPassword; }
    public void setRepeatedPassword(String repeatedPassword) { this.repeatedPassword = repeatedPassword; }
}
