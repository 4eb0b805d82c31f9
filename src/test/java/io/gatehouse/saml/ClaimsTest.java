package io.gatehouse.saml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pac4j.saml.credentials.SAML2Credentials;

/** The claims PRODUCT.md names are read, Microsoft's claim URIs included; every other attribute is ignored. */
class ClaimsTest {
    private static final String MS = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/";

    private static SAML2Credentials credentials(String nameId, String... namesAndValues) {
        List<SAML2Credentials.SAMLAttribute> attributes = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            SAML2Credentials.SAMLAttribute attribute = new SAML2Credentials.SAMLAttribute();
            attribute.setName(namesAndValues[i]);
            attribute.setAttributeValues(List.of(namesAndValues[i + 1].split("\\|")));
            attributes.add(attribute);
        }
        SAML2Credentials.SAMLNameID id = null;
        if (nameId != null) {
            id = new SAML2Credentials.SAMLNameID();
            id.setValue(nameId);
            id.setFormat("urn:oasis:names:tc:SAML:2.0:nameid-format:persistent");
        }
        return new SAML2Credentials(id, "https://idp.test", attributes, null, "_session", List.of(), null);
    }

    @Test
    void entraClaimUrisAreRead() {
        Claims claims = Claims.from(credentials("opaque-persistent-id", MS + "emailaddress", "ada@contoso.com",
                MS + "givenname", "Ada", MS + "surname", "Lovelace", MS + "name", "ada@contoso.onmicrosoft.com"));
        assertEquals("ada@contoso.com", claims.userName());
        assertEquals("Ada", claims.givenName());
        assertEquals("Lovelace", claims.familyName());
        assertEquals("Ada Lovelace", claims.displayName());
        assertEquals("opaque-persistent-id", claims.nameId());
        assertFalse(claims.groupsSent());
    }

    @Test
    void oktaStyleAttributesAndGroups() {
        Claims claims = Claims.from(credentials("grace@example.com", "email", "grace@example.com", "firstName", "Grace",
                "lastName", "Hopper", "groups", "Engineering|Admins|Engineering", "department", "ignored"));
        assertEquals("grace@example.com", claims.userName());
        assertEquals(List.of("Engineering", "Admins"), claims.groups());
        assertTrue(claims.groupsSent());
    }

    @Test
    void theNameIdIsTheUserNameWithoutAnEmailClaimAndTheMicrosoftNameLast() {
        assertEquals("lin@example.com", Claims.from(credentials("lin@example.com")).userName());
        assertEquals("lin@example.com", Claims.from(credentials("lin@example.com")).email());
        assertEquals("upn@example.com", Claims.from(credentials(null, MS + "name", "upn@example.com")).userName());
    }
}
