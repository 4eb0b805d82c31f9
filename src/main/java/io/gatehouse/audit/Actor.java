package io.gatehouse.audit;

/** Who made a change: the channel it came through and the credential or person behind it. */
public record Actor(Source source, String name) {
    public enum Source { ADMIN, SCIM, SAML, SYSTEM }

    public static Actor adminKey(String keyId) {
        return new Actor(Source.ADMIN, "api-key:" + keyId);
    }

    public static Actor admin(String username) {
        return new Actor(Source.ADMIN, "admin:" + username);
    }

    /** A project's SSO user whose effective role is an admin role, in the console. */
    public static Actor ssoAdmin(String userName) {
        return new Actor(Source.ADMIN, "sso-admin:" + userName);
    }

    public static Actor scimToken(String tokenId) {
        return new Actor(Source.SCIM, "scim-token:" + tokenId);
    }

    /** A person signing in: through the IdP (SAML) or with a regular user's password. */
    public static Actor signIn(String userName) {
        return new Actor(Source.SAML, "sign-in:" + userName);
    }

    /**
     * An application reading its project's directory with its own credential (the client credentials
     * grant's token). It comes through the management API, so its source is ADMIN, as for an admin
     * key; no new source, because that credential never changes anything: nothing is ever audited
     * under it, and a source of its own would only be an audit filter that never finds an event.
     */
    public static Actor application(String clientId) {
        return new Actor(Source.ADMIN, "application:" + clientId);
    }

    public static Actor system() {
        return new Actor(Source.SYSTEM, "gatehouse");
    }
}
