package io.gatehouse.group;

import io.gatehouse.audit.Actor;
import io.gatehouse.audit.AuditLog;
import io.gatehouse.platform.Database;
import io.gatehouse.platform.DomainException;
import io.gatehouse.platform.Ids;
import io.gatehouse.platform.Names;
import io.gatehouse.platform.Page;
import io.gatehouse.platform.UtcTimestamp;
import io.gatehouse.platform.Versions;
import io.gatehouse.project.Projects;
import io.gatehouse.role.Role;
import io.gatehouse.role.Roles;
import io.gatehouse.role.RolesToRecheck;
import jakarta.enterprise.event.Event;
import io.gatehouse.user.User;
import io.gatehouse.user.Users;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Collection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A project's groups as an admin manages them: role per group, priority order, project-owned members. */
@ApplicationScoped
public class Groups {
    static final int NAME_MAX = 255;

    private Database database;
    private AuditLog audit;
    private Roles roles;
    private Event<Object> changes;

    protected Groups() {
    }

    @Inject
    public Groups(Database database, AuditLog audit, Roles roles, Event<Object> changes) {
        this.changes = changes;
        this.database = database;
        this.audit = audit;
        this.roles = roles;
    }

    /** A group with its member count, for lists. */
    public record Summary(Group group, long memberCount) {
    }

    /** What an admin changes; {@code setRole} says whether {@code roleId} (null clears) applies. */
    public record Change(String displayName, boolean setRole, String roleId) {
    }

    public Group create(String projectId, String displayName, String roleId, Actor actor) {
        return database.write(em -> {
            Projects.require(em, projectId);
            Group group = create(em, projectId, displayName, ManagedBy.PROJECT, actor);
            if (roleId != null) {
                setRole(em, group, roleId, actor);
            }
            return group;
        });
    }

    /** A new group at the end of the priority order (inside the caller's transaction). */
    public Group create(EntityManager em, String projectId, String displayName, ManagedBy managedBy, Actor actor) {
        String name = Names.require("displayName", displayName, NAME_MAX);
        refuseDuplicate(em, projectId, name, null);
        Integer last = em.createQuery("SELECT MAX(g.priority) FROM ProjectGroup g WHERE g.projectId = :p", Integer.class)
                .setParameter("p", projectId).getSingleResult();
        Group group = new Group(Ids.next(), projectId, name, managedBy, last == null ? 0 : last + 1);
        em.persist(group);
        changes.fire(new GroupChanged(em, group, GroupChanged.Kind.CREATED, actor));
        audit.record(em, projectId, actor, AuditLog.Entry.of("group.create", "group", group.id(),
                "Created group \"" + name + "\"" + (managedBy == ManagedBy.IDP ? " (managed by the IdP)" : "")));
        return group;
    }

    /** The project's groups in priority order (first decides), with member counts. */
    public List<Summary> list(String projectId) {
        return database.read(em -> {
            Projects.require(em, projectId);
            List<Group> groups = em.createQuery(
                    "SELECT g FROM ProjectGroup g WHERE g.projectId = :p ORDER BY g.priority, g.createdAt, g.id", Group.class)
                    .setParameter("p", projectId).getResultList();
            Map<String, Long> counts = new HashMap<>();
            em.createQuery("SELECT m.groupId, COUNT(m) FROM Membership m, ProjectGroup g"
                            + " WHERE m.groupId = g.id AND g.projectId = :p GROUP BY m.groupId", Object[].class)
                    .setParameter("p", projectId).getResultList()
                    .forEach(row -> counts.put((String) row[0], ((Number) row[1]).longValue()));
            return groups.stream().map(g -> new Summary(g, counts.getOrDefault(g.id(), 0L))).toList();
        });
    }

    public Summary get(String projectId, String groupId) {
        return database.read(em -> {
            Group group = require(em, projectId, groupId);
            return new Summary(group, countMembers(em, groupId));
        });
    }

    public Group update(String projectId, String groupId, Change change, Long expectedVersion, Actor actor) {
        return database.write(em -> {
            Group group = require(em, projectId, groupId);
            Versions.check(expectedVersion, group.version());
            if (change.displayName() != null) {
                rename(em, group, change.displayName(), actor);
            }
            if (change.setRole()) {
                setRole(em, group, change.roleId(), actor);
            }
            return group;
        });
    }

    /**
     * Puts the listed groups first, in the given order; groups not listed keep their relative order
     * after them. Priorities are renumbered 0..n-1.
     */
    public List<Group> reorder(String projectId, List<String> firstGroupIds, Actor actor) {
        return database.write(em -> {
            Projects.require(em, projectId);
            List<Group> groups = em.createQuery(
                    "SELECT g FROM ProjectGroup g WHERE g.projectId = :p ORDER BY g.priority, g.createdAt, g.id", Group.class)
                    .setParameter("p", projectId).getResultList();
            List<Group> ordered = order(groups, firstGroupIds);
            boolean moved = false;
            for (int i = 0; i < ordered.size(); i++) {
                if (ordered.get(i).priority() != i) {
                    ordered.get(i).priority(i);
                    changed(em, ordered.get(i), actor);
                    moved = true;
                }
            }
            if (moved) { // the first group with a role decides: anyone's role may have moved
                changes.fire(new RolesToRecheck(em, projectId, null, actor));
            }
            audit.record(em, projectId, actor, AuditLog.Entry.of("group.reorder", "project", projectId,
                    "Group priority set to: " + String.join(", ", ordered.stream().map(Group::displayName).toList())));
            return ordered;
        });
    }

    private static List<Group> order(List<Group> groups, List<String> firstIds) {
        Map<String, Group> byId = new HashMap<>();
        groups.forEach(g -> byId.put(g.id(), g));
        Set<String> seen = new LinkedHashSet<>();
        for (String id : firstIds) {
            if (id == null || !byId.containsKey(id)) {
                throw DomainException.invalid("Group " + id + " is not a group of this project");
            }
            if (!seen.add(id)) {
                throw DomainException.invalid("Group " + id + " is listed twice");
            }
        }
        List<Group> ordered = new ArrayList<>(seen.stream().map(byId::get).toList());
        groups.stream().filter(g -> !seen.contains(g.id())).forEach(ordered::add);
        return ordered;
    }

    public void delete(String projectId, String groupId, Actor actor) {
        database.writing(em -> {
            Group group = require(em, projectId, groupId);
            if (actor.source() != Actor.Source.SCIM) {
                refuseIdpManaged(group, "deleted");
            }
            changes.fire(new GroupChanged(em, group, GroupChanged.Kind.DELETED, actor));
            em.createQuery("DELETE FROM Membership m WHERE m.groupId = :g").setParameter("g", groupId).executeUpdate();
            em.remove(group);
            audit.record(em, projectId, actor, AuditLog.Entry.of("group.delete", "group", groupId,
                    "Deleted group \"" + group.displayName() + "\""));
        });
    }

    public void addMember(String projectId, String groupId, String userId, Actor actor) {
        database.writing(em -> {
            Group group = require(em, projectId, groupId);
            refuseIdpManaged(group, "changed in the project");
            User user = Users.require(em, projectId, userId);
            if (em.find(Membership.class, new Membership.Key(groupId, userId)) == null) {
                em.persist(new Membership(groupId, userId));
                group.touch();
                members(em, group, List.of(userId), List.of(), actor);
                audit.record(em, projectId, actor, AuditLog.Entry.of("group.member-add", "group", groupId,
                        "Added " + user.userName() + " to group \"" + group.displayName() + "\""));
            }
        });
    }

    public void removeMember(String projectId, String groupId, String userId, Actor actor) {
        database.writing(em -> {
            Group group = require(em, projectId, groupId);
            refuseIdpManaged(group, "changed in the project");
            User user = Users.require(em, projectId, userId);
            Membership membership = em.find(Membership.class, new Membership.Key(groupId, userId));
            if (membership == null) {
                throw DomainException.notFound("Membership");
            }
            em.remove(membership);
            group.touch();
            members(em, group, List.of(), List.of(userId), actor);
            audit.record(em, projectId, actor, AuditLog.Entry.of("group.member-remove", "group", groupId,
                    "Removed " + user.userName() + " from group \"" + group.displayName() + "\""));
        });
    }

    /**
     * Adds users to a group inside the caller's transaction (the IdP pushing members over SCIM).
     * Members already in the group are skipped, so adding twice is a no-op; users that are not in the
     * group's project are refused. Works in batches: nothing loads the group's whole membership.
     */
    public int addMembers(EntityManager em, Group group, Collection<String> userIds, Actor actor) {
        List<String> inserted = new ArrayList<>();
        for (List<String> batch : batches(new LinkedHashSet<>(userIds))) {
            requireUsersOfProject(em, group.projectId(), batch);
            inserted.addAll(insertMissing(em, group, batch));
        }
        int added = inserted.size();
        if (added > 0) {
            group.touch();
            members(em, group, inserted, List.of(), actor);
            audit.record(em, group.projectId(), actor, AuditLog.Entry.of("group.members-add", "group", group.id(),
                    "Added " + added + " member(s) to group \"" + group.displayName() + "\""));
        }
        return added;
    }

    /** Removes the listed users from a group (unknown ones are ignored); null removes every member. */
    public int removeMembers(EntityManager em, Group group, Collection<String> userIds, Actor actor) {
        List<String> gone = new ArrayList<>();
        for (List<String> batch : batches(new LinkedHashSet<>(userIds == null ? memberIds(em, group) : userIds))) {
            gone.addAll(deletePresent(em, group, batch));
        }
        int removed = gone.size();
        if (removed > 0) {
            group.touch();
            members(em, group, List.of(), gone, actor);
            audit.record(em, group.projectId(), actor, AuditLog.Entry.of("group.members-remove", "group", group.id(),
                    "Removed " + removed + " member(s) from group \"" + group.displayName() + "\""));
        }
        return removed;
    }

    /** Makes the listed users the group's only members (SCIM PUT / replace of members). */
    public void replaceMembers(EntityManager em, Group group, Collection<String> userIds, Actor actor) {
        Set<String> wanted = new LinkedHashSet<>(userIds);
        List<String> leaving = memberIds(em, group).stream().filter(id -> !wanted.contains(id)).toList();
        List<String> gone = new ArrayList<>();
        for (List<String> batch : batches(new LinkedHashSet<>(leaving))) {
            gone.addAll(deletePresent(em, group, batch));
        }
        List<String> inserted = new ArrayList<>();
        for (List<String> batch : batches(wanted)) {
            requireUsersOfProject(em, group.projectId(), batch);
            inserted.addAll(insertMissing(em, group, batch));
        }
        group.touch();
        members(em, group, inserted, gone, actor);
        audit.record(em, group.projectId(), actor, AuditLog.Entry.of("group.members-replace", "group", group.id(),
                "Group \"" + group.displayName() + "\" now has " + wanted.size() + " member(s)"));
    }

    /** Refuses the whole change when any of the ids is not a user of the project (one COUNT when all are). */
    private static void requireUsersOfProject(EntityManager em, String projectId, List<String> ids) {
        long known = em.createQuery("SELECT COUNT(u) FROM User u WHERE u.projectId = :p AND u.id IN :ids", Long.class)
                .setParameter("p", projectId).setParameter("ids", ids).getSingleResult();
        if (known == ids.size()) {
            return;
        }
        Set<String> found = new HashSet<>(em.createQuery("SELECT u.id FROM User u WHERE u.projectId = :p AND u.id IN :ids",
                String.class).setParameter("p", projectId).setParameter("ids", ids).getResultList());
        ids.stream().filter(id -> !found.contains(id)).findFirst().ifPresent(id -> {
            throw DomainException.invalid("Member " + id + " is not a user of this project");
        });
    }

    /**
     * Inserts the memberships the group does not have yet: one indexed read of the ones it has
     * (primary key group_id, user_id) and one multi-row INSERT, instead of a thousand entities in
     * the unit of work. The caller holds the group's lock, so nobody adds the same member meanwhile.
     */
    private static List<String> insertMissing(EntityManager em, Group group, List<String> userIds) {
        Set<String> present = new HashSet<>(em.createQuery(
                        "SELECT m.userId FROM Membership m WHERE m.groupId = :g AND m.userId IN :ids", String.class)
                .setParameter("g", group.id()).setParameter("ids", userIds).getResultList());
        List<String> missing = userIds.stream().filter(id -> !present.contains(id)).toList();
        if (missing.isEmpty()) {
            return missing;
        }
        StringBuilder sql = new StringBuilder("INSERT INTO gh_membership (group_id, user_id, created_at) VALUES ");
        for (int i = 0; i < missing.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(?1, ?").append(i + 3).append(", ?2)");
        }
        var insert = em.createNativeQuery(sql.toString())
                .setParameter(1, group.id()).setParameter(2, UtcTimestamp.sql(Instant.now()));
        for (int i = 0; i < missing.size(); i++) {
            insert.setParameter(i + 3, missing.get(i));
        }
        insert.executeUpdate();
        return missing;
    }

    /** Removes these users' memberships of the group; returns those who were members (the caller holds the group's lock). */
    private static List<String> deletePresent(EntityManager em, Group group, List<String> userIds) {
        List<String> present = em.createQuery("SELECT m.userId FROM Membership m WHERE m.groupId = :g AND m.userId IN :ids",
                String.class).setParameter("g", group.id()).setParameter("ids", userIds).getResultList();
        if (!present.isEmpty()) {
            em.createQuery("DELETE FROM Membership m WHERE m.groupId = :g AND m.userId IN :ids")
                    .setParameter("g", group.id()).setParameter("ids", present).executeUpdate();
        }
        return present;
    }

    /** Every member's id: what a SCIM "remove all" or "replace" must announce as leaving (ids only, never the users). */
    private static List<String> memberIds(EntityManager em, Group group) {
        return em.createQuery("SELECT m.userId FROM Membership m WHERE m.groupId = :g", String.class)
                .setParameter("g", group.id()).getResultList();
    }

    /** Announces, inside the caller's transaction, that the group's name, role, external id or place changed. */
    public void changed(EntityManager em, Group group, Actor actor) {
        changes.fire(new GroupChanged(em, group, GroupChanged.Kind.UPDATED, actor));
    }

    private void members(EntityManager em, Group group, List<String> added, List<String> removed, Actor actor) {
        if (!added.isEmpty() || !removed.isEmpty()) {
            changes.fire(new MembersChanged(em, group, added, removed, actor));
        }
    }

    /** The group, locked for this transaction: concurrent member changes queue instead of failing. */
    public static Group lock(EntityManager em, String projectId, String groupId) {
        Group group = groupId == null ? null : em.find(Group.class, groupId, LockModeType.PESSIMISTIC_WRITE);
        if (group == null || !group.projectId().equals(projectId)) {
            throw DomainException.notFound("Group");
        }
        return group;
    }

    private static List<List<String>> batches(Set<String> ids) {
        List<String> all = new ArrayList<>(ids);
        List<List<String>> batches = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 500) {
            batches.add(all.subList(i, Math.min(all.size(), i + 500)));
        }
        return batches;
    }

    /** A page of a group's members, ordered by userName; the members are never all loaded at once. */
    public Page<User> members(String projectId, String groupId, int offset, int limit) {
        return database.read(em -> {
            require(em, projectId, groupId);
            List<User> users = em.createQuery("SELECT u FROM Membership m, User u WHERE m.groupId = :g AND u.id = m.userId"
                            + " ORDER BY u.userNameKey", User.class)
                    .setParameter("g", groupId).setFirstResult(offset).setMaxResults(limit).getResultList();
            return new Page<>(users, countMembers(em, groupId), offset, limit);
        });
    }

    /** The groups a user belongs to, in priority order. */
    public List<Group> ofUser(EntityManager em, String userId) {
        return em.createQuery("SELECT g FROM Membership m, ProjectGroup g WHERE m.userId = :u AND g.id = m.groupId"
                        + " ORDER BY g.priority, g.createdAt, g.id", Group.class)
                .setParameter("u", userId).getResultList();
    }

    public static Group require(EntityManager em, String projectId, String groupId) {
        Group group = groupId == null ? null : em.find(Group.class, groupId);
        if (group == null || !group.projectId().equals(projectId)) {
            throw DomainException.notFound("Group");
        }
        return group;
    }

    /** Renames a group; a group the IdP manages can only be renamed by the IdP (SCIM). */
    public void rename(EntityManager em, Group group, String displayName, Actor actor) {
        String name = Names.require("displayName", displayName, NAME_MAX);
        if (name.equals(group.displayName())) {
            return;
        }
        if (actor.source() != Actor.Source.SCIM) {
            refuseIdpManaged(group, "renamed in the project");
        }
        refuseDuplicate(em, group.projectId(), name, group.id());
        String before = group.displayName();
        group.displayName(name);
        changed(em, group, actor);
        audit.record(em, group.projectId(), actor, AuditLog.Entry.of("group.rename", "group", group.id(),
                "Renamed group \"" + before + "\" to \"" + name + "\""));
    }

    private void setRole(EntityManager em, Group group, String roleId, Actor actor) {
        Role role = roleId == null ? null : roles.require(em, group.projectId(), roleId);
        String newRoleId = role == null ? null : role.id();
        if (!java.util.Objects.equals(newRoleId, group.roleId())) {
            group.role(newRoleId);
            changed(em, group, actor);
            changes.fire(new RolesToRecheck(em, group.projectId(), group.id(), actor));
        }
        audit.record(em, group.projectId(), actor, AuditLog.Entry.of("group.role", "group", group.id(),
                role == null ? "Group \"" + group.displayName() + "\" has no role now"
                        : "Group \"" + group.displayName() + "\" gives role \"" + role.name() + "\""));
    }

    private static void refuseIdpManaged(Group group, String what) {
        if (group.managedBy() == ManagedBy.IDP) {
            throw DomainException.conflict("Group \"" + group.displayName()
                    + "\" is managed by the identity provider; its name and members cannot be " + what);
        }
    }

    private static void refuseDuplicate(EntityManager em, String projectId, String name, String exceptId) {
        Set<String> ids = new HashSet<>(em.createQuery(
                        "SELECT g.id FROM ProjectGroup g WHERE g.projectId = :p AND g.displayNameKey = :k", String.class)
                .setParameter("p", projectId).setParameter("k", Names.key(name)).getResultList());
        ids.remove(exceptId);
        if (!ids.isEmpty()) {
            throw DomainException.conflict("A group with this displayName already exists in the project");
        }
    }

    private static long countMembers(EntityManager em, String groupId) {
        return em.createQuery("SELECT COUNT(m) FROM Membership m WHERE m.groupId = :g", Long.class)
                .setParameter("g", groupId).getSingleResult();
    }
}
