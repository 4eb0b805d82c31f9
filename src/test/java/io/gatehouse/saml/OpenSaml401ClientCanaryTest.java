package io.gatehouse.saml;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gatehouse.mockidp.MockIdentityProvider;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.pac4j.saml.client.SAML2Client;
import org.pac4j.saml.config.SAML2Configuration;
import org.pac4j.saml.metadata.keystore.SAML2KeystoreGenerator;
import org.springframework.core.io.ByteArrayResource;

/**
 * The OpenSAML 4.0.1 shim is needed exactly as long as the stock pac4j client breaks on it. When
 * this test fails because the stock client initialises, delete OpenSaml401Client.
 */
class OpenSaml401ClientCanaryTest {
    private static SAML2Configuration configuration() {
        SpKeyPair sp = SpKeyPair.generate("Canary");
        MockIdentityProvider idp = new MockIdentityProvider("https://idp.test/metadata", "https://idp.test/sso",
                "https://idp.test/slo", SpKeyPair.generate("Canary IdP"));
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
        cfg.setServiceProviderEntityId("https://sp.test/metadata");
        cfg.setServiceProviderMetadataResource(null);
        cfg.setIdentityProviderMetadataResource(new ByteArrayResource(idp.metadataXml().getBytes(StandardCharsets.UTF_8)));
        return cfg;
    }

    @Test
    void theStockClientStillFailsOnOpenSaml401() {
        SAML2Client stock = new SAML2Client(configuration());
        stock.setCallbackUrl("https://sp.test/acs");
        assertThrows(NoSuchMethodError.class, stock::init);
    }

    @Test
    void theShimInitialises() {
        OpenSaml401Client shim = new OpenSaml401Client(configuration());
        shim.setCallbackUrl("https://sp.test/acs");
        assertDoesNotThrow(() -> shim.init());
    }
}
