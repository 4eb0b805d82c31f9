package io.gatehouse.saml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RelayStateTest {
    private static final String P = "5662b4ae-b6ed-4497-8a2f-edb52feb5a94";

    @Test
    void keepsDeepLinksIntoTheProject() {
        assertEquals("/app/" + P + "/me", RelayState.safeOrHome(P, "/app/" + P + "/me"));
        assertEquals("/app/" + P + "/docs/a?x=1", RelayState.safeOrHome(P, "/app/" + P + "/docs/a?x=1"));
    }

    @Test
    void keepsTheProjectsConsoleSignInOnly() {
        assertEquals("/console/sso/" + P, RelayState.safeOrHome(P, "/console/sso/" + P));
        for (String other : new String[] {"/console/sso/other", "/console/sso/" + P + "/x", "/console/sso/" + P + "?next=//evil.test",
                "/console/sso/", "/console/sso/" + P + "x"}) {
            assertEquals(RelayState.home(P), RelayState.safeOrHome(P, other), other);
        }
    }

    @Test
    void refusesEverythingElse() {
        String home = RelayState.home(P);
        for (String evil : new String[] {null, "", "https://evil.test", "//evil.test", "/\\evil.test", "/app/other/me",
                "/app/" + P + "/../../console", "/app/" + P + "//evil.test", "javascript:alert(1)", "/app/" + P + "x/me",
                "/console/index.xhtml", "/app/" + P + "/" + "a".repeat(2000)}) {
            assertEquals(home, RelayState.safeOrHome(P, evil), String.valueOf(evil));
        }
    }

    @Test
    void keepsTheProjectsWaitingOpenIdConnectAuthorizationOnly() {
        String own = "/oidc/" + P + "/continue/0b6f5c2e-9b1d-4c1e-8a7e-2f6d3c4b5a69";
        assertEquals(own, RelayState.safeOrHome(P, own));
        for (String other : new String[] {"/oidc/other-project/continue/abc", own + "/x", own + "?next=//evil.test",
                "/oidc/" + P + "/continue/", "/oidc/" + P + "/token", "/oidc/" + P + "/continue/../../console"}) {
            assertEquals(RelayState.home(P), RelayState.safeOrHome(P, other), other);
        }
    }
}
