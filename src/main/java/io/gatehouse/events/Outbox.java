package io.gatehouse.events;

import io.gatehouse.audit.Actor;
import io.gatehouse.group.GroupChanged;
import io.gatehouse.group.MembersChanged;
import io.gatehouse.platform.Database;
import io.gatehouse.project.ProjectCreated;
import io.gatehouse.role.RolesToRecheck;
import io.gatehouse.user.UserChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;

/**
 * The transactional outbox: every directory change becomes events in the change's own transaction.
 * The domain fires its changes (CDI, synchronously, with the transaction's entity manager); this
 * collects them per transaction and, last thing before the commit, {@link OutboxWrite} numbers and
 * stores them, together with the {@code user.role_changed} events the change caused. A rolled-back
 * change leaves no event; a committed one always has its events.
 */
@ApplicationScoped
public class Outbox {
    /** More users than this to compare in one transaction: the comparison goes to {@link RoleFanOut}'s batches. */
    static final int INLINE_RECHECK_MAX = 1000;

    private Database database;
    private OutboxWrite write;
    private jakarta.enterprise.event.Event<EventsAppended> appended;
    private RoleFanOut fanOut;

    protected Outbox() {
    }

    @Inject
    public Outbox(Database database, OutboxWrite write, jakarta.enterprise.event.Event<EventsAppended> appended,
                  RoleFanOut fanOut) {
        this.database = database;
        this.write = write;
        this.appended = appended;
        this.fanOut = fanOut;
    }

    /** Every project numbers its events from its own counter, made with the project. */
    void project(@Observes ProjectCreated created) {
        OutboxWrite.startCounter(created.em(), created.projectId());
    }

    void user(@Observes UserChanged change) {
        Pending.Project pending = pending(change.em(), change.user().projectId());
        switch (change.kind()) {
            case CREATED -> pending.userCreated(change.user(), change.actor());
            case UPDATED -> pending.user(EventType.USER_UPDATED, change.user(), change.actor());
            case DEACTIVATED -> pending.user(EventType.USER_DEACTIVATED, change.user(), change.actor());
            case REACTIVATED -> pending.user(EventType.USER_REACTIVATED, change.user(), change.actor());
            case DELETED -> pending.userDeleted(write.deletedUser(change.em(), change.user()), change.user().id(), change.actor());
        }
    }

    void group(@Observes GroupChanged change) {
        Pending.Project pending = pending(change.em(), change.group().projectId());
        switch (change.kind()) {
            case CREATED -> pending.group(EventType.GROUP_CREATED, change.group(), change.actor());
            case UPDATED -> pending.group(EventType.GROUP_UPDATED, change.group(), change.actor());
            case DELETED -> {
                // its members may lose their role: compare theirs, read now while the memberships exist;
                // too many for inline, the whole project (the group's members will be gone by then)
                recheckMembers(change.em(), pending, change.group().id(), () -> pending.recheckProject(change.actor()),
                        change.actor());
                pending.groupDeleted(write.groupJson(change.em(), change.group()), change.actor());
            }
        }
    }

    void members(@Observes MembersChanged change) {
        Pending.Project pending = pending(change.em(), change.group().projectId());
        change.added().forEach(u -> pending.membership(EventType.GROUP_MEMBER_ADDED, change.group().id(), u, change.actor()));
        change.removed().forEach(u -> pending.membership(EventType.GROUP_MEMBER_REMOVED, change.group().id(), u, change.actor()));
        if (change.added().size() > INLINE_RECHECK_MAX) { // e.g. a SCIM PATCH of 5,000 members: they are all members now
            pending.recheckGroup(change.group().id(), change.actor());
        } else {
            pending.recheck(change.added(), change.actor());
        }
        pending.recheck(change.removed(), change.actor());
    }

    void roles(@Observes RolesToRecheck change) {
        Pending.Project pending = pending(change.em(), change.projectId());
        if (change.groupId() == null) {
            pending.recheckProject(change.actor());
            return;
        }
        recheckMembers(change.em(), pending, change.groupId(), () -> pending.recheckGroup(change.groupId(), change.actor()),
                change.actor());
    }

    /** The group's members compared in this transaction, or, when there are too many, {@code tooMany} (a job). */
    private void recheckMembers(EntityManager em, Pending.Project pending, String groupId, Runnable tooMany, Actor actor) {
        List<String> members = write.members(em, groupId, INLINE_RECHECK_MAX + 1);
        if (members.size() > INLINE_RECHECK_MAX) {
            tooMany.run();
        } else {
            pending.recheck(members, actor);
        }
    }

    /** Compares these users' roles with what the applications were told, inside the caller's transaction (the fan-out's batches). */
    void recheck(EntityManager em, String projectId, List<String> userIds, Actor actor) {
        pending(em, projectId).recheck(userIds, actor);
    }

    private Pending.Project pending(EntityManager em, String projectId) {
        return database.participant(em, Pending.class, Pending::new, (pending, tx) -> write.append(tx, pending), this::committed)
                .project(projectId);
    }

    private void committed(Pending pending) {
        pending.appended().forEach((projectId, lastSeq) -> appended.fire(new EventsAppended(projectId, lastSeq)));
        if (pending.hasQueuedJobs()) {
            fanOut.wake();
        }
    }
}
