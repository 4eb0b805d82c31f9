package io.gatehouse.role;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.role.EffectiveRoles.Candidate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EffectiveRolesTest {
    final Role member = new Role("r-member", "p", "Member", false);
    final Role editor = new Role("r-editor", "p", "Editor", false);
    final Role admin = new Role("r-admin", "p", "Admin", true);
    final Map<String, Role> roles = Map.of(member.id(), member, editor.id(), editor, admin.id(), admin);

    @Test
    void withoutGroupsWithARoleTheDefaultRoleApplies() {
        EffectiveRole role = EffectiveRoles.decide(List.of(), roles, member);
        assertEquals("Member", role.roleName());
        assertFalse(role.fromGroup());
        assertEquals("Default role \"Member\": none of the user's groups has a role", role.reason());
    }

    @Test
    void theGroupFirstInPriorityOrderDecidesWhateverTheInputOrder() {
        Candidate editors = new Candidate("u", "g-editors", "Editors", 2, 100, editor.id());
        Candidate admins = new Candidate("u", "g-admins", "Admins", 1, 200, admin.id());
        for (List<Candidate> input : List.of(List.of(editors, admins), List.of(admins, editors))) {
            EffectiveRole role = EffectiveRoles.decide(input, roles, member);
            assertEquals("Admin", role.roleName());
            assertTrue(role.admin());
            assertEquals("g-admins", role.groupId());
            assertEquals("Role \"Admin\" from group \"Admins\", the first of the user's groups with a role", role.reason());
        }
    }

    @Test
    void equalPrioritiesAreBrokenByCreationTimeThenId() {
        Candidate older = new Candidate("u", "g-b", "B", 0, 100, editor.id());
        Candidate newer = new Candidate("u", "g-a", "A", 0, 200, admin.id());
        assertEquals("Editor", EffectiveRoles.decide(List.of(newer, older), roles, member).roleName());
        Candidate sameTimeA = new Candidate("u", "g-a", "A", 0, 100, admin.id());
        assertEquals("Admin", EffectiveRoles.decide(List.of(older, sameTimeA), roles, member).roleName());
    }

    @Test
    void aProjectWithoutDefaultRoleGivesNoRole() {
        EffectiveRole role = EffectiveRoles.decide(List.of(), roles, null);
        assertNull(role.roleId());
        assertEquals("No role: the project has no default role", role.reason());
    }
}
