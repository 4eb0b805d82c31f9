package io.gatehouse.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gatehouse.platform.DomainException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Redirect URIs as OAuth 2.0 (RFC 6749 3.1.2), the Security BCP and RFC 8252 (loopback for native
 * apps) allow them; outside development mode, which this unit test runs in.
 */
class ApplicationSettingsTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://client.example.com/cb", "https://client.example.com:8443/oidc/callback?tenant=a",
            "http://localhost/callback", "http://localhost:8080/callback", "http://127.0.0.1:51004/oauth2redirect/example-provider",
            "http://[::1]:8080/cb"})
    void acceptsAbsoluteHttpsAndLoopbackUris(String uri) {
        ApplicationSettings settings = ApplicationSettings.of("App", List.of(uri), List.of(), null, null);
        assertEquals(List.of(uri), settings.redirectUris(), "kept exactly as given: compared exactly later");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://client.example.com/cb", "/relative/cb", "cb", "https://client.example.com/cb#fragment",
            "https://user:pass@client.example.com/cb", "ftp://client.example.com/cb", "javascript:alert(1)",
            "https://client.example.com/c b", "https:///no-host"})
    void refusesEverythingElse(String uri) {
        DomainException e = assertThrows(DomainException.class, () -> ApplicationSettings.of("App", List.of(uri), List.of(), null, null));
        assertEquals(DomainException.Kind.INVALID, e.kind());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 4, 3601, -1})
    void accessTokenLifetimeIsBounded(int seconds) {
        assertThrows(DomainException.class, () -> ApplicationSettings.of("App", List.of("https://a.example/cb"), List.of(), null, seconds));
    }

    @org.junit.jupiter.api.Test
    void needsARedirectUri() {
        assertThrows(DomainException.class, () -> ApplicationSettings.of("App", List.of(), List.of(), null, null));
        assertEquals(300, ApplicationSettings.of("App", List.of("https://a.example/cb"), null, " ", null).accessTokenSeconds());
    }
}
