package io.gatehouse.role;

/**
 * A user's effective role and why they have it: either the role of the deciding group (the first of
 * the user's groups with a role, in the project's priority order) or the project's default role.
 */
public record EffectiveRole(String roleId, String roleName, boolean admin, String groupId, String groupName) {

    public boolean fromGroup() {
        return groupId != null;
    }

    /** The sentence the console and the API show next to the role. */
    public String reason() {
        if (roleId == null) {
            return "No role: the project has no default role";
        }
        if (fromGroup()) {
            return "Role \"" + roleName + "\" from group \"" + groupName + "\", the first of the user's groups with a role";
        }
        return "Default role \"" + roleName + "\": none of the user's groups has a role";
    }
}
