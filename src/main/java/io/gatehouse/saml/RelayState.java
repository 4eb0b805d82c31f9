package io.gatehouse.saml;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a person lands after signing in. Only a path inside the project's own area, or the
 * project's console sign-in (an admin coming back from the IdP), is accepted: anything else
 * (another host, another project, a scheme, "//", backslashes) would make the sign-in an open
 * redirect, so it falls back to the project's home page.
 */
public final class RelayState {
    static final String ATTRIBUTE = "gatehouse.saml.relayState";
    private static final Pattern SAFE_PATH = Pattern.compile("/app/[A-Za-z0-9-]{1,36}(/[A-Za-z0-9._~%!$&'()*+,;=:@/?-]*)?");
    private static final int MAX_LENGTH = 1000;

    private RelayState() {
    }

    public static String home(String projectId) {
        return "/app/" + projectId + "/me";
    }

    /** Where a project's SSO admin comes back to after the IdP to enter the console. */
    public static String consoleSignIn(String projectId) {
        return "/console/sso/" + projectId;
    }

    /** The relay state if it is a safe deep link into this project's area, or its console sign-in. */
    public static Optional<String> safe(String projectId, String relayState) {
        if (relayState != null && relayState.equals(consoleSignIn(projectId))) {
            return Optional.of(relayState);
        }
        if (relayState != null && oidcContinue(projectId, relayState)) {
            return Optional.of(relayState);
        }
        if (relayState == null || relayState.length() > MAX_LENGTH || relayState.contains("//")
                || relayState.contains("\\") || relayState.contains("..") || !SAFE_PATH.matcher(relayState).matches()) {
            return Optional.empty();
        }
        String prefix = "/app/" + projectId;
        boolean inProject = relayState.equals(prefix) || relayState.startsWith(prefix + "/") || relayState.startsWith(prefix + "?");
        return inProject ? Optional.of(relayState) : Optional.empty();
    }

    /** Whether the relay state is this project's OpenID Connect provider waiting to finish an authorization. */
    public static boolean oidcContinue(String projectId, String relayState) {
        return io.gatehouse.member.AuthorizationReturn.matches(projectId, relayState);
    }

    public static String safeOrHome(String projectId, String relayState) {
        return safe(projectId, relayState).orElse(home(projectId));
    }
}
