package io.gatehouse.user;

import io.gatehouse.audit.Actor;
import jakarta.persistence.EntityManager;

/**
 * A user was created, changed, deactivated, reactivated or is about to be deleted, inside the
 * change's transaction ({@code em}); fired by every path that changes users (the API, the console,
 * SCIM, SAML just-in-time provisioning), observed by the directory events' outbox. A deletion is
 * announced while the user and their memberships still exist.
 */
public record UserChanged(EntityManager em, User user, Kind kind, Actor actor) {
    public enum Kind { CREATED, UPDATED, DEACTIVATED, REACTIVATED, DELETED }

    /** What a change of the active flag (or of anything else) is called. */
    public static Kind of(boolean wasActive, boolean active) {
        return wasActive == active ? Kind.UPDATED : active ? Kind.REACTIVATED : Kind.DEACTIVATED;
    }
}
