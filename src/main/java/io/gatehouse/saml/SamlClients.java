package io.gatehouse.saml;

import io.gatehouse.project.Project;
import io.gatehouse.member.SignInFailure;
import io.gatehouse.member.SignInFailure.Reason;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.pac4j.core.http.callback.NoParameterCallbackUrlResolver;
import org.pac4j.core.logout.handler.LogoutHandler;
import org.pac4j.core.util.InitializableObject;
import org.pac4j.saml.client.SAML2Client;
import org.pac4j.saml.config.SAML2Configuration;
import org.pac4j.saml.metadata.BaseSAML2MetadataGenerator;
import org.pac4j.saml.metadata.keystore.SAML2KeystoreGenerator;
import org.springframework.core.io.ByteArrayResource;

/**
 * One pac4j SAML2Client per project, built from the project's settings in the database and kept
 * while they are unchanged. The cache key holds everything the client is built from (settings
 * version, fetched metadata, base URL), so a change made on another node is picked up at the next
 * request here: the database stays the only shared state.
 */
@ApplicationScoped
public class SamlClients {
    /** Seconds of clock difference accepted between the IdP and Gatehouse. */
    static final long CLOCK_SKEW_SECONDS = 120;
    /** How old the IdP's authentication may be: IdP sessions last a working day or so. */
    static final long MAX_AUTHENTICATION_AGE_SECONDS = 24 * 3600;
    /** Request parameter by which pac4j tells Single Logout messages from sign-in responses. */
    static final String LOGOUT_PARAMETER = "logoutendpoint";

    private final Map<String, Built> clients = new ConcurrentHashMap<>();
    private SpKeys keys;
    private SentRequests sentRequests;

    protected SamlClients() {
    }

    @Inject
    public SamlClients(SpKeys keys, SentRequests sentRequests) {
        this.keys = keys;
        this.sentRequests = sentRequests;
    }

    private record Built(String key, SAML2Client client) {
    }

    /** The client for the project, or NOT_CONFIGURED while it has no IdP metadata. */
    public SAML2Client forProject(Project project, SamlSettings settings, String baseUrl) {
        if (settings.effectiveIdpMetadata() == null) {
            throw new SignInFailure(Reason.NOT_CONFIGURED, "No IdP metadata for project " + project.id());
        }
        String key = settings.version() + "|" + settings.idpMetadataFetchedAt() + "|" + baseUrl + "|" + project.samlToken();
        Built built = clients.get(project.id());
        if (built == null || !built.key().equals(key)) {
            built = new Built(key, build(project, settings, baseUrl));
            clients.put(project.id(), built);
        }
        return built.client();
    }

    /** The SP metadata XML (signed), which needs no IdP metadata. */
    public String spMetadata(Project project, SamlSettings settings, String baseUrl) {
        SAML2Configuration cfg = configuration(project, settings, baseUrl);
        cfg.setSignMetadata(true);
        OpenSaml401Client.prepare(cfg);
        try {
            cfg.init();
            var generator = cfg.toMetadataGenerator();
            return generator.getMetadata(generator.buildEntityDescriptor());
        } catch (Exception e) {
            throw new IllegalStateException("Could not generate SP metadata", e);
        }
    }

    private SAML2Client build(Project project, SamlSettings settings, String baseUrl) {
        SAML2Configuration cfg = configuration(project, settings, baseUrl);
        cfg.setIdentityProviderMetadataResource(new ByteArrayResource(
                settings.effectiveIdpMetadata().getBytes(StandardCharsets.UTF_8), "IdP metadata of project " + project.id()));
        OpenSaml401Client client = client(project, cfg, baseUrl, IdpCertificates.signing(settings.effectiveIdpMetadata()));
        client.init();
        // pac4j initialises the authenticator lazily, and a second thread arriving during that init
        // skips it and fails (NullPointerException): initialise it before the client is shared
        ((InitializableObject) client.getAuthenticator()).init();
        return client;
    }

    private OpenSaml401Client client(Project project, SAML2Configuration cfg, String baseUrl, List<X509Certificate> trusted) {
        SpUrls urls = SpUrls.of(baseUrl, project);
        OpenSaml401Client client = new ProjectClient(cfg, trusted);
        client.setName("project-" + project.id()); // a subclass would otherwise be named after its class
        client.setCallbackUrl(urls.acs());
        client.setCallbackUrlResolver(new NoParameterCallbackUrlResolver());
        client.setStateGenerator((context, sessionStore) -> {
            Object relayState = context.getRequestAttribute(RelayState.ATTRIBUTE).orElse(null);
            return relayState == null ? RelayState.home(project.id()) : relayState.toString();
        });
        client.setCheckAuthenticationAttempt(false); // a failed attempt must not block the next one with a bare 401
        return client;
    }

    private SAML2Configuration configuration(Project project, SamlSettings settings, String baseUrl) {
        SpUrls urls = SpUrls.of(baseUrl, project);
        SpKeyPair pair = keys.keyPair(settings);
        char[] password = io.gatehouse.platform.Secrets.random(18).toCharArray();
        byte[] store = pair.keyStore(password);
        SAML2Configuration cfg = new SAML2Configuration() {
            @Override
            protected void determineSingleSignOutServiceUrl(BaseSAML2MetadataGenerator generator) {
                // the SLO URL as the admin pastes it: Gatehouse routes it to pac4j's logout handling itself
                generator.setSingleLogoutServiceUrl(urls.logout());
            }
        };
        cfg.setKeystoreGenerator(new InMemoryKeyStore(store));
        cfg.setKeystoreType("PKCS12");
        cfg.setKeystoreAlias(SpKeyPair.KEYSTORE_ALIAS);
        cfg.setKeystorePassword(new String(password));
        cfg.setPrivateKeyPassword(new String(password));
        cfg.setServiceProviderEntityId(urls.entityId());
        cfg.setCallbackUrl(urls.acs());
        cfg.setServiceProviderMetadataResource(null); // generated in memory, never written to disk
        cfg.setSingleSignOutServiceUrl(urls.logout());
        cfg.setAuthnRequestBindingType(SAMLConstants.SAML2_REDIRECT_BINDING_URI);
        cfg.setSpLogoutRequestBindingType(SAMLConstants.SAML2_REDIRECT_BINDING_URI);
        cfg.setSpLogoutResponseBindingType(SAMLConstants.SAML2_REDIRECT_BINDING_URI);
        cfg.setAuthnRequestSigned(true);
        cfg.setSpLogoutRequestSigned(true);
        // Either the Response or the Assertion must be signed (IdPs differ); pac4j refuses a response with neither.
        cfg.setWantsAssertionsSigned(false);
        cfg.setWantsResponsesSigned(false);
        cfg.setResponseDestinationAttributeMandatory(true);
        cfg.setAcceptedSkew(CLOCK_SKEW_SECONDS);
        cfg.setMaximumAuthenticationLifetime(MAX_AUTHENTICATION_AGE_SECONDS);
        cfg.setSignatureAlgorithms(List.of(SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256));
        cfg.setSignatureReferenceDigestMethods(List.of(SignatureConstants.ALGO_ID_DIGEST_SHA256));
        cfg.setSamlMessageStoreFactory((context, sessionStore) -> sentRequests.forProject(project.id(),
                (String) context.getRequestAttribute(BrowserFlow.ATTRIBUTE).orElse(null)));
        cfg.setLogoutHandler(new LogoutHandler() { }); // sessions are Gatehouse's (member.MemberSessions), not pac4j's
        return cfg;
    }

    /** A project's client: responses are validated by SignedAssertionValidator, against the metadata's certificates. */
    private static final class ProjectClient extends OpenSaml401Client {
        private final List<X509Certificate> trusted;

        ProjectClient(SAML2Configuration configuration, List<X509Certificate> trusted) {
            super(configuration);
            this.trusted = trusted;
        }

        @Override
        protected void initSAMLResponseValidator() {
            authnResponseValidator = new SignedAssertionValidator(signatureTrustEngineProvider, decrypter, replayCache,
                    getConfiguration(), trusted);
            authnResponseValidator.setAcceptedSkew(getConfiguration().getAcceptedSkew());
        }
    }

    /** pac4j reads the SP key pair from a key store; this one is built in memory from the database. */
    private record InMemoryKeyStore(byte[] bytes) implements SAML2KeystoreGenerator {
        @Override
        public void generate() {
            throw new UnsupportedOperationException("SP key pairs are generated by SpKeys");
        }

        @Override
        public boolean shouldGenerate() {
            return false;
        }

        @Override
        public InputStream retrieve() {
            return new ByteArrayInputStream(bytes);
        }
    }
}
