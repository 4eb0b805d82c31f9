package io.gatehouse.role;

import io.gatehouse.audit.Actor;
import jakarta.persistence.EntityManager;

/**
 * Something the role rule reads changed for many users at once, inside the change's transaction: a
 * group's role (the group's members; {@code groupId}), or the priority order or the default role
 * (every user of the project; {@code groupId} null). Observed by the events' outbox, which compares
 * the users' roles with what the applications were told.
 */
public record RolesToRecheck(EntityManager em, String projectId, String groupId, Actor actor) {
}
