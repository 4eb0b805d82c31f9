package io.gatehouse.user;

/** How a user came to exist. Every origin but REGULAR makes an SSO user, who signs in only through the IdP. */
public enum Origin {
    /** A collaborator created by an admin; signs in with a local password. */
    REGULAR,
    /** Provisioned by the identity provider over SCIM. */
    SCIM,
    /** Created at first SAML sign-in (just-in-time provisioning). */
    JIT,
    /** A regular user converted by "sync with regular users". */
    SYNCED;

    public boolean sso() {
        return this != REGULAR;
    }
}
