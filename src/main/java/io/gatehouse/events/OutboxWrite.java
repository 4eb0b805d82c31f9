package io.gatehouse.events;

import io.gatehouse.audit.Actor;
import io.gatehouse.group.Group;
import io.gatehouse.group.GroupResource;
import io.gatehouse.platform.Ids;
import io.gatehouse.platform.JsonConfig;
import io.gatehouse.platform.UtcTimestamp;
import io.gatehouse.project.Project;
import io.gatehouse.role.EffectiveRole;
import io.gatehouse.role.EffectiveRoles;
import io.gatehouse.user.User;
import io.gatehouse.user.UserResource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes a transaction's events, last thing before its commit. Per project: lock its event counter
 * (so events are numbered in commit order and role comparisons see every earlier commit), render
 * the changed resources as the management API shows them, compare the roles of the users the
 * change may have moved with the announced ones, and store it all with the next sequence numbers.
 */
@ApplicationScoped
public class OutboxWrite {
    private static final int CHUNK = 500;

    private EffectiveRoles effectiveRoles;

    protected OutboxWrite() {
    }

    @Inject
    public OutboxWrite(EffectiveRoles effectiveRoles) {
        this.effectiveRoles = effectiveRoles;
    }

    void append(EntityManager em, Pending pending) {
        for (Pending.Project changes : pending.projects()) {
            if (changes.isEmpty()) {
                continue;
            }
            em.flush(); // the queries below see this transaction's own changes
            Map<String, EffectiveRole> rendered = new HashMap<>();
            List<String> data = render(em, changes, rendered); // outside the lock: it only reads this transaction's rows
            long seq = lockCounter(em, changes.id);
            long first = seq;
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < data.size(); i++) {
                Pending.Change change = changes.changes.get(i);
                events.add(new Event(changes.id, ++seq, change.type(), change.at(), change.actor(), data.get(i)));
            }
            seq = compareRoles(em, changes, rendered, seq, events);
            events.forEach(em::persist);
            queueJobs(em, changes, pending);
            forgetDeleted(em, changes.deleted);
            if (seq > first) {
                em.createNativeQuery("UPDATE gh_event_counter SET last_seq = ?1 WHERE project_id = ?2")
                        .setParameter(1, seq).setParameter(2, changes.id).executeUpdate();
                pending.appended(changes.id, seq);
            }
        }
    }

    /**
     * The project's last sequence number, its counter row locked until the commit: the one lock every
     * event-writing transaction of the project takes, last, so they commit in sequence order. Not the
     * project row: inserting a user or a membership locks that row for its foreign key (KEY SHARE on
     * PostgreSQL, S on InnoDB), and two such transactions each waiting to lock it exclusively deadlock.
     */
    static long lockCounter(EntityManager em, String projectId) {
        @SuppressWarnings("unchecked")
        List<Object> seq = em.createNativeQuery("SELECT last_seq FROM gh_event_counter WHERE project_id = ?1 FOR UPDATE")
                .setParameter(1, projectId).getResultList();
        if (seq.isEmpty()) { // a project made without the outbox listening (none in the product): start it now
            startCounter(em, projectId);
            return lockCounter(em, projectId);
        }
        return ((Number) seq.get(0)).longValue();
    }

    static void startCounter(EntityManager em, String projectId) {
        em.createNativeQuery("INSERT INTO gh_event_counter (project_id, last_seq) VALUES (?1, 0)")
                .setParameter(1, projectId).executeUpdate();
    }

    /** A deleted user's announced role goes with them (no foreign key: see the migration V10). */
    private static void forgetDeleted(EntityManager em, Set<String> userIds) {
        for (List<String> chunk : chunks(userIds)) {
            bound(em, "DELETE FROM gh_announced_role WHERE user_id IN " + placeholders(chunk.size()), chunk).executeUpdate();
        }
    }

    /** Each change's data, in order; the users' roles as rendered go into {@code roles}. */
    private List<String> render(EntityManager em, Pending.Project changes, Map<String, EffectiveRole> roles) {
        Set<String> userIds = changes.changes.stream().filter(c -> c.user() != null).map(c -> c.user().id())
                .collect(Collectors.toCollection(LinkedHashSet::new));
        Project project = em.find(Project.class, changes.id);
        roles.putAll(roles(em, project, userIds));
        Map<String, List<Group>> groups = groupsOf(em, userIds);
        Map<String, String> byUser = new HashMap<>();
        List<String> data = new ArrayList<>();
        for (Pending.Change change : changes.changes) {
            if (change.user() != null) {
                User user = change.user();
                data.add(byUser.computeIfAbsent(user.id(), id -> json(UserResource.UserJson.of(user, roles.get(id),
                        groups.getOrDefault(id, List.of())))));
            } else if (change.group() != null) {
                data.add(groupJson(em, change.group()));
            } else {
                data.add(change.data());
            }
        }
        return data;
    }

    /**
     * Under the counter's lock: the role rule's answer now for every user the change may have moved,
     * against the role the applications were last told; a difference is a {@code user.role_changed}
     * and becomes the announced role. A user created here was told their role by {@code user.created}
     * (as rendered); only a change committed meanwhile, such as a new default role, moves it again.
     */
    private long compareRoles(EntityManager em, Pending.Project changes, Map<String, EffectiveRole> rendered, long seq,
                              List<Event> events) {
        Set<String> candidates = new LinkedHashSet<>(changes.created);
        candidates.addAll(changes.recheck.keySet());
        candidates.removeAll(changes.deleted);
        if (candidates.size() > Outbox.INLINE_RECHECK_MAX) { // e.g. a SCIM PUT of a group's 50,000 members
            Actor actor = changes.recheck.values().stream().findFirst().orElse(Actor.system());
            changes.recheckProject(actor);
            candidates.retainAll(changes.created);
        }
        if (candidates.isEmpty()) {
            return seq;
        }
        Set<String> others = new LinkedHashSet<>(candidates);
        others.removeAll(changes.created);
        Set<String> existing = existing(em, others); // deleted meanwhile by another transaction: nothing to tell
        Map<String, Announced> announced = announced(em, existing);
        changes.created.stream().filter(candidates::contains).forEach(id -> {
            existing.add(id);
            announced.put(id, new Announced(rendered.get(id).roleId()));
        });
        Project project = em.find(Project.class, changes.id);
        Map<String, EffectiveRole> now = roles(em, project, existing);
        Map<String, String> names = new HashMap<>();
        Map<String, String> toStore = new LinkedHashMap<>();
        Instant at = Instant.now();
        for (String userId : existing) {
            EffectiveRole role = now.get(userId);
            Announced before = announced.get(userId);
            if (before == null || !Objects.equals(before.roleId, role.roleId()) || changes.created.contains(userId)) {
                toStore.put(userId, role.roleId());
            }
            if (before != null && !Objects.equals(before.roleId, role.roleId())) {
                if (names.isEmpty()) {
                    names.putAll(roleNames(em, changes.id));
                }
                Actor actor = changes.recheck.getOrDefault(userId, Actor.system());
                events.add(new Event(changes.id, ++seq, EventType.USER_ROLE_CHANGED, at, actor,
                        roleChanged(userId, before.roleId, names.get(before.roleId), role)));
            }
        }
        storeAnnounced(em, changes.id, toStore);
        return seq;
    }

    private static String roleChanged(String userId, String oldRoleId, String oldRole, EffectiveRole role) {
        var json = JsonConfig.mapper().createObjectNode();
        json.put("userId", userId);
        json.put("oldRoleId", oldRoleId);
        json.put("oldRole", oldRole);
        json.put("newRoleId", role.roleId());
        json.put("newRole", role.roleName());
        json.put("reason", role.reason());
        json.put("groupId", role.groupId());
        return json.toString();
    }

    private static void queueJobs(EntityManager em, Pending.Project changes, Pending pending) {
        boolean wholeProject = changes.jobs.stream().anyMatch(j -> j.groupId() == null);
        Set<String> queued = new HashSet<>();
        for (Pending.Job job : changes.jobs) {
            if ((wholeProject && job.groupId() != null) || !queued.add(String.valueOf(job.groupId()))
                    || waiting(em, changes.id, job.groupId())) {
                continue; // the project's job covers the group's members; a job that has not started yet covers this change
            }
            em.createNativeQuery("INSERT INTO gh_role_recheck (id, project_id, group_id, actor_source, actor, created_at)"
                            + " VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
                    .setParameter(1, Ids.next()).setParameter(2, changes.id).setParameter(3, job.groupId())
                    .setParameter(4, job.actor().source().name()).setParameter(5, job.actor().name())
                    .setParameter(6, UtcTimestamp.sql(Instant.now())).executeUpdate();
            pending.queuedJobs();
        }
    }

    /**
     * Whether the same comparison is queued and has not started: it runs after this commit and sees
     * it, so a burst of large changes (a SCIM client adding 5,000 members per PATCH) queues one job,
     * not one per request. A job that a node has claimed may have read past some of these users: it
     * does not count. Read under the counter's lock, which a job's claim and each of its batches take
     * first, so no claim slips in between this check and the commit.
     */
    private static boolean waiting(EntityManager em, String projectId, String groupId) {
        var query = em.createNativeQuery("SELECT COUNT(*) FROM gh_role_recheck WHERE project_id = ?1"
                + " AND after_user_id IS NULL AND lease_until IS NULL AND "
                + (groupId == null ? "group_id IS NULL" : "group_id = ?2")).setParameter(1, projectId);
        if (groupId != null) {
            query.setParameter(2, groupId);
        }
        return ((Number) query.getSingleResult()).longValue() > 0;
    }

    /** A user about to be deleted, as the management API shows them now (role and groups included). */
    String deletedUser(EntityManager em, User user) {
        Project project = em.find(Project.class, user.projectId());
        EffectiveRole role = roles(em, project, Set.of(user.id())).get(user.id());
        return json(UserResource.UserJson.of(user, role, groupsOf(em, Set.of(user.id())).getOrDefault(user.id(), List.of())));
    }

    /** Up to {@code limit} of the group's members' ids. */
    List<String> members(EntityManager em, String groupId, int limit) {
        return em.createQuery("SELECT m.userId FROM Membership m WHERE m.groupId = :g", String.class)
                .setParameter("g", groupId).setMaxResults(limit).getResultList();
    }

    /** The group as the management API shows it now (also one about to be deleted). */
    static String groupJson(EntityManager em, Group group) {
        long members = em.createQuery("SELECT COUNT(m) FROM Membership m WHERE m.groupId = :g", Long.class)
                .setParameter("g", group.id()).getSingleResult();
        return json(GroupResource.GroupJson.of(group, members));
    }

    private Map<String, EffectiveRole> roles(EntityManager em, Project project, Set<String> userIds) {
        Map<String, EffectiveRole> roles = new HashMap<>();
        for (List<String> chunk : chunks(userIds)) {
            roles.putAll(effectiveRoles.forUsers(em, project, chunk));
        }
        return roles;
    }

    private static Map<String, List<Group>> groupsOf(EntityManager em, Set<String> userIds) {
        Map<String, List<Group>> result = new HashMap<>();
        for (List<String> chunk : chunks(userIds)) {
            em.createQuery("SELECT m.userId, g FROM Membership m, ProjectGroup g WHERE g.id = m.groupId AND m.userId IN :ids"
                            + " ORDER BY g.priority, g.createdAt, g.id", Object[].class)
                    .setParameter("ids", chunk).getResultList()
                    .forEach(row -> result.computeIfAbsent((String) row[0], k -> new ArrayList<>()).add((Group) row[1]));
        }
        return result;
    }

    private static Set<String> existing(EntityManager em, Set<String> userIds) {
        Set<String> found = new HashSet<>();
        for (List<String> chunk : chunks(userIds)) {
            found.addAll(em.createQuery("SELECT u.id FROM User u WHERE u.id IN :ids", String.class)
                    .setParameter("ids", chunk).getResultList());
        }
        Set<String> inOrder = new LinkedHashSet<>(userIds);
        inOrder.retainAll(found);
        return inOrder;
    }

    private record Announced(String roleId) {
    }

    private static Map<String, Announced> announced(EntityManager em, Set<String> userIds) {
        Map<String, Announced> result = new HashMap<>();
        for (List<String> chunk : chunks(userIds)) {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = bound(em, "SELECT user_id, role_id FROM gh_announced_role WHERE user_id IN "
                    + placeholders(chunk.size()), chunk).getResultList();
            rows.forEach(row -> result.put((String) row[0], new Announced((String) row[1])));
        }
        return result;
    }

    private static Map<String, String> roleNames(EntityManager em, String projectId) {
        Map<String, String> names = new HashMap<>();
        em.createQuery("SELECT r.id, r.name FROM Role r WHERE r.projectId = :p", Object[].class).setParameter("p", projectId)
                .getResultList().forEach(row -> names.put((String) row[0], (String) row[1]));
        return names;
    }

    /** Replaces the announced roles of these users: one DELETE and one multi-row INSERT per chunk. */
    private static void storeAnnounced(EntityManager em, String projectId, Map<String, String> roleByUser) {
        List<String> users = new ArrayList<>(roleByUser.keySet());
        for (List<String> chunk : chunks(users)) {
            bound(em, "DELETE FROM gh_announced_role WHERE user_id IN " + placeholders(chunk.size()), chunk).executeUpdate();
            StringBuilder sql = new StringBuilder("INSERT INTO gh_announced_role (user_id, project_id, role_id) VALUES ");
            List<Object> values = new ArrayList<>();
            for (String userId : chunk) {
                sql.append(values.isEmpty() ? "" : ", ").append("(?, ?, ?)");
                values.add(userId);
                values.add(projectId);
                values.add(roleByUser.get(userId));
            }
            bound(em, sql.toString(), values).executeUpdate();
        }
    }

    private static jakarta.persistence.Query bound(EntityManager em, String sql, List<?> values) {
        jakarta.persistence.Query query = em.createNativeQuery(sql);
        for (int i = 0; i < values.size(); i++) {
            query.setParameter(i + 1, values.get(i));
        }
        return query;
    }

    private static String placeholders(int count) {
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> "?").collect(Collectors.joining(", ", "(", ")"));
    }

    private static List<List<String>> chunks(java.util.Collection<String> ids) {
        List<String> all = new ArrayList<>(ids);
        List<List<String>> chunks = new ArrayList<>();
        for (int i = 0; i < all.size(); i += CHUNK) {
            chunks.add(all.subList(i, Math.min(all.size(), i + CHUNK)));
        }
        return chunks;
    }

    private static String json(Object value) {
        return JsonConfig.mapper().valueToTree(value).toString();
    }
}
