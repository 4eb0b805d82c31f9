package io.gatehouse.group;

import io.gatehouse.audit.Actor;
import jakarta.persistence.EntityManager;

/**
 * A group was created, renamed, given another role or external id, or is about to be deleted (its
 * memberships still exist then), inside the change's transaction; observed by the events' outbox.
 */
public record GroupChanged(EntityManager em, Group group, Kind kind, Actor actor) {
    public enum Kind { CREATED, UPDATED, DELETED }
}
