package io.gatehouse.member;

import jakarta.persistence.EntityManager;

/**
 * Fired inside the transaction that ends a member session, so what must follow from it (the
 * applications' back-channel logouts, in oidc) is written with it or not at all.
 */
public record SessionEnded(EntityManager em, MemberSession session, EndReason reason) {
}
