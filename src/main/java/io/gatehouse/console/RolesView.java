package io.gatehouse.console;

import io.gatehouse.role.Role;
import io.gatehouse.role.Roles;
import io.gatehouse.saml.SsoSettings;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A project's roles: create, rename, admin flag, default role, delete (the domain refuses roles in use and says why). */
@Named
@ViewScoped
public class RolesView extends ProjectPage {
    private static final long serialVersionUID = 1L;

    @Inject
    Roles roles;
    @Inject
    SsoSettings sso;

    private transient List<Role> roleList;
    private String defaultRoleId;
    private final Map<String, String> names = new HashMap<>();
    private final Map<String, Boolean> adminFlags = new HashMap<>();
    private String newName;
    private boolean newAdmin;

    @Override
    protected void load() {
        roleList = roles.list(getProjectId());
        defaultRoleId = sso.get(getProjectId()).project().defaultRoleId();
        names.clear();
        adminFlags.clear();
        roleList.forEach(r -> {
            names.put(r.id(), r.name());
            adminFlags.put(r.id(), r.admin());
        });
    }

    public void create() {
        if (Messages.attempt(() -> roles.create(getProjectId(), newName, newAdmin, actor()), "Role \"" + newName + "\" created.") != null) {
            newName = null;
            newAdmin = false;
        }
        load();
    }

    public void save(String roleId) {
        Role role = find(roleId);
        if (role != null) {
            Messages.attempt(() -> roles.update(getProjectId(), roleId, names.get(roleId), adminFlags.get(roleId),
                    role.version(), actor()), "Role \"" + names.get(roleId) + "\" saved.");
        }
        load();
    }

    public void makeDefault(String roleId) {
        Role role = find(roleId);
        if (role != null) {
            Messages.attempt(() -> sso.update(getProjectId(), new SsoSettings.Change(null, null, roleId, null, null), null, actor()),
                    "\"" + role.name() + "\" is now the default role: users in no group with a role get it.");
        }
        load();
    }

    public void delete(String roleId) {
        Role role = find(roleId);
        if (role != null) {
            Messages.attempt(() -> roles.delete(getProjectId(), roleId, actor()), "Role \"" + role.name() + "\" deleted.");
        }
        load();
    }

    private Role find(String roleId) {
        return roleList.stream().filter(r -> r.id().equals(roleId)).findFirst().orElse(null);
    }

    public List<Role> getRoles() { return roleList; }
    public String getDefaultRoleId() { return defaultRoleId; }
    public Map<String, String> getNames() { return names; }
    public Map<String, Boolean> getAdminFlags() { return adminFlags; }
    public String getNewName() { return newName; }
    public void setNewName(String newName) { this.newName = newName; }
    public boolean isNewAdmin() { return newAdmin; }
    public void setNewAdmin(boolean newAdmin) { this.newAdmin = newAdmin; }
}
