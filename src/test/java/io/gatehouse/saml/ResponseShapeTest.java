package io.gatehouse.saml;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.member.SignInFailure;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ResponseScreen with ResponseShape: the schema rules that decide whose identity a Response
 * carries. Each case edits one part of a well-formed response (the shape checks come before any
 * signature check, so the response need not be signed here).
 */
class ResponseShapeTest {
    private static final String P = "urn:oasis:names:tc:SAML:2.0:protocol";
    private static final String A = "urn:oasis:names:tc:SAML:2.0:assertion";

    /** A response in the shape IdPs send; {ext}, {resp}, {subject}, {afterSubject}, {attr} and {sig} are where the cases write. */
    private static final String TEMPLATE = """
            <samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" \
            xmlns:ds="http://www.w3.org/2000/09/xmldsig#" ID="_r1" Version="2.0" IssueInstant="2025-01-01T00:00:00Z">
              <saml:Issuer>https://idp.test</saml:Issuer>
              <ds:Signature Id="_sig1"><ds:SignedInfo><ds:Reference URI="#_r1"><ds:Transforms><ds:Transform \
            Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"><ec:InclusiveNamespaces \
            xmlns:ec="http://www.w3.org/2001/10/xml-exc-c14n#" PrefixList="xs"/></ds:Transform></ds:Transforms></ds:Reference>\
            </ds:SignedInfo>{sig}</ds:Signature>
              {ext}
              <samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>
              <saml:Assertion ID="_a1" Version="2.0" IssueInstant="2025-01-01T00:00:00Z">
                <saml:Issuer>https://idp.test</saml:Issuer>
                <saml:Subject>
                  <saml:NameID>jane@example.com</saml:NameID>{subject}
                  <saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
                    <saml:SubjectConfirmationData Recipient="https://sp.test/acs" InResponseTo="_q1" \
            NotOnOrAfter="2025-01-01T00:05:00Z"/>
                  </saml:SubjectConfirmation>
                </saml:Subject>{afterSubject}
                <saml:Conditions><saml:AudienceRestriction><saml:Audience>https://sp.test</saml:Audience>\
            </saml:AudienceRestriction></saml:Conditions>
                <saml:AttributeStatement>
                  <saml:Attribute Name="email"><saml:AttributeValue xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
            xmlns:xs="http://www.w3.org/2001/XMLSchema" xsi:type="xs:string">jane@example.com</saml:AttributeValue></saml:Attribute>{attr}
                </saml:AttributeStatement>
                <saml:AuthnStatement AuthnInstant="2025-01-01T00:00:00Z"><saml:AuthnContext>\
            <saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:Password</saml:AuthnContextClassRef>\
            </saml:AuthnContext></saml:AuthnStatement>
              </saml:Assertion>{resp}
            </samlp:Response>""";

    private static String response(String place, String xml) {
        String filled = TEMPLATE.replace("{" + place + "}", xml);
        return filled.replaceAll("\\{(ext|resp|subject|afterSubject|attr|sig)}", "");
    }

    private static String screen(String xml) {
        return ResponseScreen.check(Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8))).ids().toString();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            the template as it is             | ext          |
            a foreign element in Extensions   | ext          | <samlp:Extensions><x:Hint xmlns:x="urn:example:hint">1</x:Hint></samlp:Extensions>
            eduPersonTargetedID, a NameID in an attribute value | attr | <saml:Attribute Name="urn:oid:1.3.6.1.4.1.5923.1.1.1.10"><saml:AttributeValue><saml:NameID>x1</saml:NameID></saml:AttributeValue></saml:Attribute>
            a comment between the Response's children | resp   | <!-- IdP build 42 -->
            a signature's KeyInfo             | sig          | <ds:KeyInfo><ds:X509Data><ds:X509Certificate>MIIB</ds:X509Certificate></ds:X509Data></ds:KeyInfo>
            an XML-Enc element                | attr         | <saml:EncryptedAttribute><xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#"/></saml:EncryptedAttribute>
            SAML 1.1 and other namespaces in an attribute value | attr | <saml:Attribute Name="x"><saml:AttributeValue><o:v xmlns:o="urn:oasis:names:tc:SAML:1.0:assertion">1</o:v></saml:AttributeValue></saml:Attribute>
            """)
    void acceptsWhatIdpsSend(String name, String place, String xml) {
        assertDoesNotThrow(() -> screen(response(place, xml == null ? "" : xml)), name);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            an assertion in the SAML namespace in upper case, beside the signed one | resp | <s:Assertion xmlns:s="URN:OASIS:names:tc:SAML:2.0:assertion" ID="_evil"><s:Subject><s:NameID>admin@example.com</s:NameID></s:Subject></s:Assertion>
            the upper-case namespace hidden in Extensions | ext | <samlp:Extensions><s:Assertion xmlns:s="URN:OASIS:names:tc:SAML:2.0:assertion" ID="_evil"/></samlp:Extensions>
            a trailing slash                   | ext          | <samlp:Extensions><s:NameID xmlns:s="urn:oasis:names:tc:SAML:2.0:assertion/">admin@example.com</s:NameID></samlp:Extensions>
            a trailing space                   | ext          | <samlp:Extensions><s:NameID xmlns:s="urn:oasis:names:tc:SAML:2.0:assertion ">admin@example.com</s:NameID></samlp:Extensions>
            a Cyrillic o                       | ext          | <samlp:Extensions><s:NameID xmlns:s="urn:\u043easis:names:tc:SAML:2.0:assertion">admin@example.com</s:NameID></samlp:Extensions>
            a zero-width space                 | ext          | <samlp:Extensions><s:NameID xmlns:s="urn:oasis:names:tc:SAML:2.0:\u200bassertion">admin@example.com</s:NameID></samlp:Extensions>
            full-width letters                 | attr         | <saml:Attribute Name="x"><saml:AttributeValue><s:NameID xmlns:s="urn:oasis:names:tc:\uff33\uff21\uff2d\uff2c:2.0:assertion">a</s:NameID></saml:AttributeValue></saml:Attribute>
            XML-DSig without its hash          | sig          | <d:Object xmlns:d="http://www.w3.org/2000/09/xmldsig"/>
            XML-DSig over https                | sig          | <d:Object xmlns:d="https://www.w3.org/2000/09/xmldsig#"/>
            a look-alike attribute namespace   | attr         | <saml:Attribute Name="x" s:Name="y" xmlns:s="urn:oasis:names:tc:saml:2.0:assertion"/>
            an unknown child of the Response   | resp         | <samlp:Note>hi</samlp:Note>
            a Subject as a child of the Response | resp       | <saml:Subject><saml:NameID>admin@example.com</saml:NameID></saml:Subject>
            a second Status                    | resp         | <samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>
            an element in no namespace in the Response | resp | <Assertion/>
            text in the Response               | resp         | admin@example.com
            a second Subject in the assertion  | afterSubject | <saml:Subject><saml:NameID>admin@example.com</saml:NameID></saml:Subject>
            a second NameID in the Subject     | subject      | <saml:NameID>admin@example.com</saml:NameID>
            a NameID in the SubjectConfirmation too | subject | <saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:NameID>admin@example.com</saml:NameID></saml:SubjectConfirmation>
            a NameID as a child of the assertion | afterSubject | <saml:NameID>admin@example.com</saml:NameID>
            the assertion's ID again in Extensions | ext      | <samlp:Extensions><x:Copy xmlns:x="urn:example" ID="_a1"/></samlp:Extensions>
            the Response's ID on the signature's Object | sig | <ds:Object Id="_r1"/>
            the ID in xml:id                   | ext          | <samlp:Extensions><x:Copy xmlns:x="urn:example" xml:id="_sig1"/></samlp:Extensions>
            """)
    void refusesAsMalformed(String name, String place, String xml) {
        String edited = response(place, unescape(xml));
        SignInFailure failure = assertThrows(SignInFailure.class, () -> screen(edited), name);
        assertEquals(SignInFailure.Reason.MALFORMED, failure.reason(), failure.getMessage());
        assertTrue(failure.detail().length() < 600, failure.detail());
    }

    @ParameterizedTest
    @ValueSource(strings = {"URN:OASIS:NAMES:TC:SAML:2.0:PROTOCOL", "urn:oasis:names:tc:SAML:2.0:assertion//",
            "http://www.w3.org/2000/09/xmldsig#/", "http://w3.org/2000/09/xmldsig#", "http://www.w3.org/2001/04/xmlenc",
            "urn:oasis:names:tc:SAML:2.0:assertion\t", "urn:oasis:names:tc:SAML:2.0:assert\u0456on",
            "http://www.w3.org/2001/XMLSchema-Instance", "urn_oasis_names_tc_SAML_2.0_assertion"})
    void lookAlikes(String namespace) {
        assertTrue(ResponseShape.lookAlike(namespace), namespace);
    }

    @ParameterizedTest
    @ValueSource(strings = {P, A, "http://www.w3.org/2000/09/xmldsig#", "http://www.w3.org/2001/04/xmlenc#",
            "urn:oasis:names:tc:SAML:2.0:metadata", "urn:oasis:names:tc:SAML:1.0:assertion", "urn:example:hint",
            "http://schemas.xmlsoap.org/ws/2005/05/identity/claims", "http://www.w3.org/2001/XMLSchema"})
    void notLookAlikes(String namespace) {
        assertEquals(false, ResponseShape.lookAlike(namespace), namespace);
    }

    /** The CSV cases write non-ASCII characters as backslash-u escapes, to keep them visible. */
    private static String unescape(String xml) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < xml.length(); i++) {
            if (xml.startsWith("\\u", i)) {
                out.append((char) Integer.parseInt(xml.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                out.append(xml.charAt(i));
            }
        }
        return out.toString();
    }
}
