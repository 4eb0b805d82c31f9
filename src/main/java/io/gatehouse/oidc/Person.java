package io.gatehouse.oidc;

import io.gatehouse.group.Group;
import io.gatehouse.group.Groups;
import io.gatehouse.project.Project;
import io.gatehouse.role.EffectiveRole;
import io.gatehouse.role.EffectiveRoles;
import io.gatehouse.user.User;
import jakarta.persistence.EntityManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The signed-in person as the application sees them, read fresh from the database for every token
 * and userinfo answer: the user, their groups, and the effective role from the one role rule
 * ({@link EffectiveRoles}), so a change of group or priority shows in the next token.
 */
record Person(User user, List<String> groups, EffectiveRole role) {

    /** The project is the one the request was answered for, read at its start (the user belongs to it). */
    static Person read(EntityManager em, Groups groups, EffectiveRoles roles, Project project, User user) {
        List<Group> memberOf = groups.ofUser(em, user.id());
        // the same groups decide the role: no second membership query
        List<EffectiveRoles.Candidate> candidates = memberOf.stream().filter(g -> g.roleId() != null)
                .map(g -> new EffectiveRoles.Candidate(user.id(), g.id(), g.displayName(), g.priority(),
                        g.createdAt().toEpochMilli(), g.roleId())).toList();
        EffectiveRole role = roles.forCandidates(em, project, candidates);
        return new Person(user, memberOf.stream().map(Group::displayName).toList(), role);
    }

    /** The identity claims, shared by the ID token and userinfo. Absent values are left out, not sent as null. */
    Map<String, Object> claims() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", user.id());
        claims.put("preferred_username", user.userName());
        put(claims, "email", user.email());
        put(claims, "given_name", user.givenName());
        put(claims, "family_name", user.familyName());
        put(claims, "name", name());
        claims.put("groups", groups);
        put(claims, "role", role.roleName());
        claims.put("roles", role.roleName() == null ? List.of() : List.of(role.roleName()));
        return claims;
    }

    private String name() {
        if (user.displayName() != null && !user.displayName().isBlank()) {
            return user.displayName();
        }
        String joined = ((user.givenName() == null ? "" : user.givenName()) + " "
                + (user.familyName() == null ? "" : user.familyName())).strip();
        return joined.isEmpty() ? null : joined;
    }

    private static void put(Map<String, Object> claims, String name, String value) {
        if (value != null) {
            claims.put(name, value);
        }
    }
}
