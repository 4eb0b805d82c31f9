package io.gatehouse.user;

import jakarta.persistence.EntityManager;

/**
 * Fired inside the transaction that deactivates or deletes a user (from SCIM, the API or the
 * console), before the row goes: the member sessions observe it and end the person's sessions, so
 * the user package needs to know nothing of sessions.
 */
public record UserAccessEnded(EntityManager em, String projectId, String userId, boolean deleted) {
}
