package io.gatehouse.platform;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Messages for the database constraints of db/migration, found by name in the driver's error text. */
final class Constraints {
    private static final Map<String, String> MESSAGES = new LinkedHashMap<>();

    static {
        MESSAGES.put("uq_project_name", "A project with this name already exists");
        MESSAGES.put("uq_role_name", "A role with this name already exists in the project");
        MESSAGES.put("uq_user_name", "A user with this userName already exists in the project");
        MESSAGES.put("uq_group_display_name", "A group with this displayName already exists in the project");
        MESSAGES.put("uq_admin_account_username", "An admin account with this username already exists");
        MESSAGES.put("pk_membership", "The user is already a member of the group");
        MESSAGES.put("fk_group_role", "The role is in use by a group");
        MESSAGES.put("fk_project_default_role", "The role is the project's default role");
    }

    private Constraints() {
    }

    static String describe(String databaseMessage) {
        String text = databaseMessage.toLowerCase(Locale.ROOT);
        return MESSAGES.entrySet().stream()
                .filter(entry -> text.contains(entry.getKey()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse("The change conflicts with existing data");
    }
}
