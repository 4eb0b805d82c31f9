package io.gatehouse.member;

/** Why a member session ended; the member area tells a deactivated person so, the others just sign in again. */
public enum EndReason {
    SIGN_OUT, SINGLE_LOGOUT, DEACTIVATED, DELETED, RP_LOGOUT
}
