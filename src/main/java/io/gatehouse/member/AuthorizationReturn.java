package io.gatehouse.member;

import java.util.regex.Pattern;

/**
 * The address an authorization of a project's OpenID Connect provider waits at while the person
 * signs in ({@code /oidc/<projectId>/continue/<pendingId>}). The sign-ins (SAML in saml, the password
 * form here) may send the browser there after signing in, and nowhere else outside the project's
 * area: one pattern, so the SAML relay state and the password form cannot disagree.
 */
public final class AuthorizationReturn {
    private static final Pattern PATH = Pattern.compile("/oidc/([A-Za-z0-9-]{1,36})/continue/[A-Za-z0-9-]{1,36}");

    private AuthorizationReturn() {
    }

    public static String path(String projectId, String pendingId) {
        return "/oidc/" + projectId + "/continue/" + pendingId;
    }

    /** Whether the path is such an address of this project (exactly: no suffix, query or other project). */
    public static boolean matches(String projectId, String path) {
        var m = path == null ? null : PATH.matcher(path);
        return m != null && m.matches() && m.group(1).equals(projectId);
    }
}
