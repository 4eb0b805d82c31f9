package io.gatehouse.role;

import io.gatehouse.platform.Database;
import io.gatehouse.project.Project;
import io.gatehouse.project.Projects;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The effective-role rule, the one place it lives (SAML, SCIM, the API and the console all call it):
 * <ol>
 *   <li>a user in one or more groups that have a role gets the role of the first such group in the
 *       project's priority order (lowest priority number; ties by creation time, then id);</li>
 *   <li>a user in no group with a role gets the project's default role.</li>
 * </ol>
 * It reads the database every time, so a change to groups or priorities shows at the next request.
 */
@ApplicationScoped
public class EffectiveRoles {
    private Database database;

    protected EffectiveRoles() {
    }

    @Inject
    public EffectiveRoles(Database database) {
        this.database = database;
    }

    /** A group of the user that has a role: a candidate for deciding the user's role. */
    public record Candidate(String userId, String groupId, String groupName, int priority, long createdAtMillis,
                            String roleId) {
        static final Comparator<Candidate> PRIORITY_ORDER = Comparator.comparingInt(Candidate::priority)
                .thenComparingLong(Candidate::createdAtMillis).thenComparing(Candidate::groupId);
    }

    /** The rule itself: the first candidate in priority order decides; without one, the default role. */
    public static EffectiveRole decide(Collection<Candidate> candidates, Map<String, Role> roles, Role defaultRole) {
        Optional<Candidate> first = candidates.stream().min(Candidate.PRIORITY_ORDER);
        if (first.isPresent()) {
            Role role = roles.get(first.get().roleId());
            return new EffectiveRole(role.id(), role.name(), role.admin(), first.get().groupId(), first.get().groupName());
        }
        if (defaultRole == null) {
            return new EffectiveRole(null, null, false, null, null);
        }
        return new EffectiveRole(defaultRole.id(), defaultRole.name(), defaultRole.admin(), null, null);
    }

    public EffectiveRole of(String projectId, String userId) {
        return database.read(em -> forUsers(em, projectId, List.of(userId)).get(userId));
    }

    /** Effective roles of several users of one project in two queries (for pages of users). */
    public Map<String, EffectiveRole> forUsers(EntityManager em, String projectId, Collection<String> userIds) {
        return userIds.isEmpty() ? new HashMap<>() : forUsers(em, Projects.require(em, projectId), userIds);
    }

    /** The same for a project the caller has just read (its default role), one query fewer on a hot path. */
    public Map<String, EffectiveRole> forUsers(EntityManager em, Project project, Collection<String> userIds) {
        Map<String, EffectiveRole> result = new HashMap<>();
        if (userIds.isEmpty()) {
            return result;
        }
        String projectId = project.id();
        Map<String, Role> roles = rolesOf(em, projectId);
        Map<String, List<Candidate>> byUser = candidates(em, projectId, userIds).stream()
                .collect(Collectors.groupingBy(Candidate::userId));
        Role defaultRole = roles.get(project.defaultRoleId());
        for (String userId : userIds) {
            result.put(userId, decide(byUser.getOrDefault(userId, List.of()), roles, defaultRole));
        }
        return result;
    }

    /**
     * One user's role from the groups the caller has already read for them (their groups with a role,
     * as candidates): the role rule without a second membership query (the token endpoint's hot path).
     */
    public EffectiveRole forCandidates(EntityManager em, Project project, Collection<Candidate> candidates) {
        Map<String, Role> roles = rolesOf(em, project.id());
        return decide(candidates, roles, roles.get(project.defaultRoleId()));
    }

    private static Map<String, Role> rolesOf(EntityManager em, String projectId) {
        return em.createQuery("SELECT r FROM Role r WHERE r.projectId = :p", Role.class)
                .setParameter("p", projectId).getResultStream()
                .collect(Collectors.toMap(Role::id, r -> r));
    }

    private static List<Candidate> candidates(EntityManager em, String projectId, Collection<String> userIds) {
        List<Object[]> rows = em.createQuery(
                "SELECT m.userId, g.id, g.displayName, g.priority, g.createdAt, g.roleId"
                        + " FROM Membership m, ProjectGroup g"
                        + " WHERE m.groupId = g.id AND g.projectId = :p AND m.userId IN :users AND g.roleId IS NOT NULL",
                Object[].class)
                .setParameter("p", projectId).setParameter("users", userIds).getResultList();
        return rows.stream().map(row -> new Candidate((String) row[0], (String) row[1], (String) row[2],
                ((Number) row[3]).intValue(), toMillis(row[4]), (String) row[5])).toList();
    }

    private static long toMillis(Object createdAt) {
        if (createdAt instanceof java.time.Instant instant) {
            return instant.toEpochMilli();
        }
        if (createdAt instanceof java.time.LocalDateTime local) {
            return local.toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
        }
        return 0L;
    }
}
