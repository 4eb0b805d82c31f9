package io.gatehouse.saml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gatehouse.platform.DomainException;
import org.junit.jupiter.api.Test;

class IdpMetadataTest {
    static final String VALID = "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"x\">"
            + "<md:IDPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\"/></md:EntityDescriptor>";

    @Test
    void samlMetadataWithAnIdpIsAccepted() {
        assertEquals(VALID, IdpMetadata.validXml("  " + VALID + "\n"));
    }

    @Test
    void doctypesAndExternalEntitiesAreRefused() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>" + VALID.replace("entityID=\"x\">", "entityID=\"x\">&e;");
        assertInvalid(xxe);
        String billionLaughs = "<!DOCTYPE l [<!ENTITY a \"aaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">]><l>&b;</l>";
        assertInvalid(billionLaughs);
    }

    @Test
    void otherDocumentsAreRefused() {
        assertInvalid("<EntityDescriptor/>");
        assertInvalid("<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\"/>");
        assertInvalid("not xml");
        assertInvalid(" ");
        assertInvalid("<a>" + "x".repeat(IdpMetadata.MAX_XML_CHARS) + "</a>");
    }

    @Test
    void urlsMustBeAbsoluteHttp() {
        assertEquals("https://idp.example.com/metadata", IdpMetadata.validUrl(" https://idp.example.com/metadata "));
        for (String bad : new String[] {"file:///etc/passwd", "ftp://x/y", "/relative", "https://", "http://exa mple.com", ""}) {
            assertEquals(DomainException.Kind.INVALID,
                    assertThrows(DomainException.class, () -> IdpMetadata.validUrl(bad), bad).kind());
        }
    }

    private static void assertInvalid(String xml) {
        assertEquals(DomainException.Kind.INVALID, assertThrows(DomainException.class, () -> IdpMetadata.validXml(xml)).kind());
    }
}
