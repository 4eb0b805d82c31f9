package io.gatehouse.events;

import io.gatehouse.audit.Actor;
import io.gatehouse.group.Group;
import io.gatehouse.user.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** What one transaction changed, per project, until {@link OutboxWrite} turns it into events at its end. */
final class Pending {
    /** By project id, in id order: projects are locked in that order, so two transactions cannot deadlock on them. */
    private final Map<String, Project> projects = new TreeMap<>();
    private final Map<String, Long> appended = new LinkedHashMap<>();
    private boolean queuedJobs;

    Project project(String projectId) {
        return projects.computeIfAbsent(projectId, Project::new);
    }

    Collection<Project> projects() {
        return projects.values();
    }

    void appended(String projectId, long lastSeq) {
        appended.put(projectId, lastSeq);
    }

    Map<String, Long> appended() {
        return appended;
    }

    void queuedJobs() {
        queuedJobs = true;
    }

    boolean hasQueuedJobs() {
        return queuedJobs;
    }

    /**
     * One change to announce. A user or group still there is rendered at the commit (as the
     * application would read it then, version included); a deleted one was rendered before it went.
     */
    record Change(EventType type, Actor actor, Instant at, User user, Group group, String data) {
    }

    /** A batch comparison of roles too large for this transaction: a group's members, or (groupId null) the whole project. */
    record Job(String groupId, Actor actor) {
    }

    static final class Project {
        final String id;
        final List<Change> changes = new ArrayList<>();
        /** Users whose role to compare with the announced one, with the actor of the change that may have moved it. */
        final Map<String, Actor> recheck = new LinkedHashMap<>();
        /** Users created in this transaction: their role is announced by user.created, not by role_changed. */
        final Set<String> created = new HashSet<>();
        final Set<String> deleted = new HashSet<>();
        final List<Job> jobs = new ArrayList<>();

        private Project(String id) {
            this.id = id;
        }

        void userCreated(User user, Actor actor) {
            created.add(user.id());
            user(EventType.USER_CREATED, user, actor);
        }

        /** An update of a user or group already announced here says nothing more: both are rendered at the commit. */
        void user(EventType type, User user, Actor actor) {
            if (type == EventType.USER_UPDATED && changes.stream().anyMatch(c -> c.user() == user
                    && (c.type() == EventType.USER_CREATED || c.type() == EventType.USER_UPDATED))) {
                return;
            }
            changes.add(new Change(type, actor, Instant.now(), user, null, null));
        }

        void userDeleted(String data, String userId, Actor actor) {
            deleted.add(userId);
            changes.add(new Change(EventType.USER_DELETED, actor, Instant.now(), null, null, data));
        }

        void group(EventType type, Group group, Actor actor) {
            if (type == EventType.GROUP_UPDATED && changes.stream().anyMatch(c -> c.group() == group
                    && (c.type() == EventType.GROUP_CREATED || c.type() == EventType.GROUP_UPDATED))) {
                return;
            }
            changes.add(new Change(type, actor, Instant.now(), null, group, null));
        }

        void groupDeleted(String data, Actor actor) {
            changes.add(new Change(EventType.GROUP_DELETED, actor, Instant.now(), null, null, data));
        }

        void membership(EventType type, String groupId, String userId, Actor actor) {
            String data = "{\"groupId\":" + quoted(groupId) + ",\"userId\":" + quoted(userId) + "}";
            changes.add(new Change(type, actor, Instant.now(), null, null, data));
        }

        void recheck(Collection<String> userIds, Actor actor) {
            userIds.forEach(id -> recheck.putIfAbsent(id, actor));
        }

        void recheckGroup(String groupId, Actor actor) {
            jobs.add(new Job(groupId, actor));
        }

        void recheckProject(Actor actor) {
            jobs.add(new Job(null, actor));
        }

        boolean isEmpty() {
            return changes.isEmpty() && recheck.isEmpty() && jobs.isEmpty();
        }

        /** Ids are generated (letters, digits, dashes): quoting needs no escaping, but stays safe if they ever do. */
        private static String quoted(String id) {
            return io.gatehouse.platform.JsonConfig.mapper().getNodeFactory().textNode(id).toString();
        }
    }
}
