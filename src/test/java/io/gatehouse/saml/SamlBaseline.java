package io.gatehouse.saml;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.pac4j.core.context.Cookie;
import org.pac4j.core.context.WebContext;
import org.pac4j.core.context.session.SessionStore;
import org.pac4j.core.http.callback.NoParameterCallbackUrlResolver;
import org.pac4j.saml.client.SAML2Client;
import org.pac4j.saml.config.SAML2Configuration;
import org.pac4j.saml.credentials.SAML2Credentials;
import org.pac4j.saml.metadata.keystore.SAML2KeystoreGenerator;
import org.springframework.core.io.ByteArrayResource;

/**
 * pac4j/OpenSAML alone, validating a posted SAMLResponse with the same settings Gatehouse's
 * clients use, without HTTP, a database or Gatehouse's own checks: the benchmark's baseline.
 */
public final class SamlBaseline {
    private final SAML2Client client;

    public SamlBaseline(String spEntityId, String acsUrl, String idpMetadataXml) {
        SpKeyPair sp = SpKeyPair.generate("Baseline");
        byte[] store = sp.keyStore("changeit".toCharArray());
        SAML2Configuration cfg = new SAML2Configuration();
        cfg.setKeystoreGenerator(new SAML2KeystoreGenerator() {
            @Override
            public void generate() {
            }

            @Override
            public boolean shouldGenerate() {
                return false;
            }

            @Override
            public InputStream retrieve() {
                return new ByteArrayInputStream(store);
            }
        });
        cfg.setKeystoreType("PKCS12");
        cfg.setKeystorePassword("changeit");
        cfg.setPrivateKeyPassword("changeit");
        cfg.setServiceProviderEntityId(spEntityId);
        cfg.setServiceProviderMetadataResource(null);
        cfg.setIdentityProviderMetadataResource(new ByteArrayResource(idpMetadataXml.getBytes(StandardCharsets.UTF_8)));
        cfg.setWantsAssertionsSigned(false);
        cfg.setWantsResponsesSigned(false);
        cfg.setAcceptedSkew(SamlClients.CLOCK_SKEW_SECONDS);
        cfg.setMaximumAuthenticationLifetime(SamlClients.MAX_AUTHENTICATION_AGE_SECONDS);
        client = new OpenSaml401Client(cfg);
        client.setName("baseline");
        client.setCallbackUrl(acsUrl);
        client.setCallbackUrlResolver(new NoParameterCallbackUrlResolver());
        client.init();
        ((org.pac4j.core.util.InitializableObject) client.getAuthenticator()).init(); // as SamlClients does
    }

    /** Validates one response; returns the NameID, or throws what pac4j throws. */
    public String validate(String samlResponseBase64) {
        Post post = new Post(samlResponseBase64);
        return ((SAML2Credentials) client.getCredentials(post, new Sessionless()).orElseThrow()).getNameId().getValue();
    }

    /** The one request pac4j sees: a POST with a SAMLResponse parameter. */
    private static final class Post implements WebContext {
        private final Map<String, String[]> parameters;
        private final Map<String, Object> attributes = new ConcurrentHashMap<>();

        Post(String samlResponse) {
            this.parameters = Map.of("SAMLResponse", new String[] {samlResponse});
        }

        @Override public Optional<String> getRequestParameter(String name) {
            String[] values = parameters.get(name);
            return values == null ? Optional.empty() : Optional.of(values[0]);
        }
        @Override public Map<String, String[]> getRequestParameters() { return parameters; }
        @Override public Optional getRequestAttribute(String name) { return Optional.ofNullable(attributes.get(name)); }
        @Override public void setRequestAttribute(String name, Object value) { attributes.put(name, value); }
        @Override public Optional<String> getRequestHeader(String name) { return Optional.empty(); }
        @Override public String getRequestMethod() { return "POST"; }
        @Override public String getRemoteAddr() { return "127.0.0.1"; }
        @Override public void setResponseHeader(String name, String value) { }
        @Override public Optional<String> getResponseHeader(String name) { return Optional.empty(); }
        @Override public void setResponseContentType(String content) { }
        @Override public String getServerName() { return "localhost"; }
        @Override public int getServerPort() { return 80; }
        @Override public String getScheme() { return "http"; }
        @Override public boolean isSecure() { return false; }
        @Override public String getFullRequestURL() { return "http://localhost/acs"; }
        @Override public Collection<Cookie> getRequestCookies() { return List.of(); }
        @Override public void addResponseCookie(Cookie cookie) { }
        @Override public String getPath() { return "/acs"; }
    }

    private static final class Sessionless implements SessionStore {
        private final Map<String, Object> values = new ConcurrentHashMap<>();

        @Override public Optional<String> getSessionId(WebContext context, boolean createSession) { return Optional.of("s"); }
        @Override public Optional<Object> get(WebContext context, String key) { return Optional.ofNullable(values.get(key)); }
        @Override public void set(WebContext context, String key, Object value) {
            if (value == null) {
                values.remove(key);
            } else {
                values.put(key, value);
            }
        }
        @Override public boolean destroySession(WebContext context) { return true; }
        @Override public Optional<Object> getTrackableSession(WebContext context) { return Optional.empty(); }
        @Override public Optional<SessionStore> buildFromTrackableSession(WebContext context, Object session) { return Optional.empty(); }
        @Override public boolean renewSession(WebContext context) { return true; }
    }
}
