package io.gatehouse.saml;

import java.util.ArrayList;
import java.util.List;
import org.opensaml.security.credential.Credential;
import org.opensaml.xmlsec.SignatureSigningConfiguration;
import org.opensaml.xmlsec.config.impl.DefaultSecurityConfigurationBootstrap;
import org.pac4j.saml.client.SAML2Client;
import org.pac4j.saml.config.SAML2Configuration;
import org.pac4j.saml.crypto.DefaultSignatureSigningParametersProvider;

/**
 * pac4j-saml 5.7 on OpenSAML 4.0.1, the newest OpenSAML on Maven Central. pac4j 5.1+ is compiled
 * against OpenSAML 4.1, which renamed {@code get/setBlacklistedAlgorithms} to
 * {@code get/setExcludedAlgorithms}; the stock client fails at init() with NoSuchMethodError. This
 * subclass pre-seeds the excluded algorithms from OpenSAML 4.0.1's defaults and signs with a
 * parameters provider that uses the 4.0.1 names; everything else is stock pac4j.
 * {@code OpenSaml401ClientCanaryTest} fails once the stock client works, and then this class can go.
 */
class OpenSaml401Client extends SAML2Client {

    OpenSaml401Client(SAML2Configuration configuration) {
        super(configuration);
    }

    @Override
    protected void internalInit(boolean forceReinit) {
        prepare(getConfiguration());
        super.internalInit(forceReinit);
    }

    /** Makes a configuration usable on OpenSAML 4.0.1, also when it is used without a client (SP metadata). */
    static void prepare(SAML2Configuration cfg) {
        if (cfg.getBlackListedSignatureSigningAlgorithms() == null) {
            cfg.setBlackListedSignatureSigningAlgorithms(new ArrayList<>(DefaultSecurityConfigurationBootstrap
                    .buildDefaultSignatureSigningConfiguration().getBlacklistedAlgorithms()));
        }
    }

    @Override
    protected void initSignatureSigningParametersProvider() {
        this.signatureSigningParametersProvider = new SigningParameters(getConfiguration());
    }

    /** pac4j 5.7.7's DefaultSignatureSigningParametersProvider with OpenSAML 4.0 method names. */
    private static final class SigningParameters extends DefaultSignatureSigningParametersProvider {
        private final SAML2Configuration configuration;

        SigningParameters(SAML2Configuration configuration) {
            super(configuration);
            this.configuration = configuration;
        }

        @Override
        protected SignatureSigningConfiguration getSignatureSigningConfiguration() {
            var config = DefaultSecurityConfigurationBootstrap.buildDefaultSignatureSigningConfiguration();
            if (configuration.getBlackListedSignatureSigningAlgorithms() != null) {
                config.setBlacklistedAlgorithms(configuration.getBlackListedSignatureSigningAlgorithms());
            }
            if (configuration.getSignatureAlgorithms() != null) {
                config.setSignatureAlgorithms(configuration.getSignatureAlgorithms());
            }
            if (configuration.getSignatureCanonicalizationAlgorithm() != null) {
                config.setSignatureCanonicalizationAlgorithm(configuration.getSignatureCanonicalizationAlgorithm());
            }
            if (configuration.getSignatureReferenceDigestMethods() != null) {
                config.setSignatureReferenceDigestMethods(configuration.getSignatureReferenceDigestMethods());
            }
            List<Credential> credentials = new ArrayList<>();
            credentials.add(configuration.getCredentialProvider().getCredential());
            config.setSigningCredentials(credentials);
            return config;
        }
    }
}
