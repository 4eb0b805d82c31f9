package io.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.mockidp.MockIdentityProvider;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * The attack catalogue: each response is posted to a project with just-in-time provisioning on,
 * so an accepted one would create a user. Each must be refused with the failure page naming the
 * reason, audited, and create or change nobody.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SamlAttacksIT {
    static final String PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol";
    static final String ASSERTION = "urn:oasis:names:tc:SAML:2.0:assertion";
    static final String DSIG = "http://www.w3.org/2000/09/xmldsig#";


    @ArquillianResource
    URL base;

    private Saml saml() {
        return Saml.project(Api.admin(base), true);
    }

    private static MockIdentityProvider.Person victim() {
        return Saml.person("victim@example.com");
    }

    @Test
    void unsignedResponseAndAssertion() {
        Saml saml = saml();
        var options = saml.options();
        options.signAssertion = false;
        options.signResponse = false;
        refused(saml, saml.idp.responseXml(victim(), options), "SIGNATURE");
    }

    @Test
    void signatureByAKeyTheProjectDoesNotTrust() {
        Saml saml = saml();
        var impostor = new MockIdentityProvider(saml.idp.entityId(), "https://x.test/sso", "https://x.test/slo",
                io.gatehouse.saml.SpKeyPair.generate("Impostor"));
        refused(saml, impostor.responseXml(victim(), saml.options()), "SIGNATURE");
    }

    @Test
    void validSignatureButAModifiedAttributeOrNameId() {
        Saml saml = saml();
        for (boolean responseSigned : new boolean[] {true, false}) {
            var options = saml.options();
            options.signResponse = responseSigned;
            String xml = saml.idp.responseXml(victim(), options);
            refused(saml, edit(xml, doc -> text(doc, ASSERTION, "AttributeValue", "admin@example.com")), "SIGNATURE");
            refused(saml, edit(saml.idp.responseXml(victim(), saml.options()),
                    doc -> text(doc, ASSERTION, "NameID", "admin@example.com")), "SIGNATURE");
        }
    }

    @Test
    void signatureWrappingWithASecondUnsignedAssertionBeforeOrAfter() {
        Saml saml = saml();
        for (boolean before : new boolean[] {true, false}) {
            var options = saml.options();
            options.signResponse = false; // only the assertion is signed: the classic XSW target
            String xml = saml.idp.responseXml(victim(), options);
            refused(saml, edit(xml, doc -> {
                Element signed = first(doc, ASSERTION, "Assertion");
                Element evil = evilTwin(signed);
                signed.getParentNode().insertBefore(evil, before ? signed : signed.getNextSibling());
            }), "INVALID");
        }
    }

    @Test
    void signatureWrappingWithTheSignedAssertionMovedIntoExtensionsOrObject() {
        Saml saml = saml();
        var options = saml.options();
        options.signResponse = false;
        String xml = saml.idp.responseXml(victim(), options);
        refused(saml, edit(xml, doc -> { // signed assertion hidden in Extensions, an evil one in its place
            Element response = doc.getDocumentElement();
            Element signed = first(doc, ASSERTION, "Assertion");
            Element evil = evilTwin(signed);
            Element extensions = doc.createElementNS(PROTOCOL, "samlp:Extensions");
            response.insertBefore(extensions, first(doc, PROTOCOL, "Status"));
            response.replaceChild(evil, signed);
            extensions.appendChild(signed);
        }), "INVALID");
        refused(saml, edit(xml, doc -> { // only the signed assertion, moved into Extensions
            Element response = doc.getDocumentElement();
            Element signed = first(doc, ASSERTION, "Assertion");
            Element extensions = doc.createElementNS(PROTOCOL, "samlp:Extensions");
            response.insertBefore(extensions, first(doc, PROTOCOL, "Status"));
            extensions.appendChild(signed);
        }), "INVALID");
        String responseSigned = saml.idp.responseXml(victim(), saml.options());
        refused(saml, edit(responseSigned, doc -> { // original signed response wrapped in the ds:Object of its signature
            Element response = doc.getDocumentElement();
            Element signature = directChild(response, DSIG, "Signature");
            Element object = doc.createElementNS(DSIG, "ds:Object");
            Element original = (Element) response.cloneNode(true);
            object.appendChild(original);
            signature.appendChild(object);
            Element assertion = directChild(response, ASSERTION, "Assertion");
            response.replaceChild(evilTwin(assertion), assertion);
        }), "INVALID");
    }

    @Test
    void aCommentInsertedInTheNameIdTruncationAttack() {
        Saml saml = saml();
        String xml = saml.idp.responseXml(Saml.person("admin@example.com.evil.test"), saml.options());
        refused(saml, edit(xml, doc -> {
            Element nameId = first(doc, ASSERTION, "NameID");
            nameId.setTextContent("admin@example.com");
            nameId.appendChild(doc.createComment("x"));
            nameId.appendChild(doc.createTextNode(".evil.test"));
        }), "INVALID");
    }

    @Test
    void expiredAndNotYetValidAssertionsBeyondTheSkew() {
        Saml saml = saml();
        var expired = saml.options();
        expired.issuedAt = Instant.now().minus(Duration.ofMinutes(30));
        refused(saml, saml.idp.responseXml(victim(), expired), "EXPIRED");
        var future = saml.options();
        future.issuedAt = Instant.now().plus(Duration.ofMinutes(30));
        refused(saml, saml.idp.responseXml(victim(), future), "EXPIRED");
    }

    @Test
    void wrongAudience() {
        Saml saml = saml();
        var options = saml.options();
        options.audience = "https://another-sp.example.com/metadata";
        refused(saml, saml.idp.responseXml(victim(), options), "AUDIENCE");
    }

    @Test
    void wrongDestinationOrRecipient() {
        Saml saml = saml();
        var destination = saml.options();
        destination.destination = "https://another-sp.example.com/acs";
        refused(saml, saml.idp.responseXml(victim(), destination), "DESTINATION");
        var recipient = saml.options();
        recipient.recipient = "https://another-sp.example.com/acs";
        refused(saml, saml.idp.responseXml(victim(), recipient), null);
    }

    @Test
    void inResponseToARequestThisSpNeverSent() {
        Saml saml = saml();
        var options = saml.options();
        options.inResponseTo = "_never-sent-" + System.nanoTime();
        refused(saml, saml.idp.responseXml(victim(), options), "UNSOLICITED");
    }

    @Test
    void theSameResponsePostedTwiceEvenFromAFreshSession() {
        Saml saml = saml();
        String xml = saml.response(Saml.person("once@example.com"));
        assertEquals(302, saml.post(new Browser(), xml).status());
        Browser.Page again = saml.post(new Browser(), xml);
        assertEquals(403, again.status(), again.toString());
        assertTrue(again.body().contains("REPLAY"), again.body());
    }

    @Test
    void aSignedAssertionForTheAttackersRequestInAnEnvelopeRewrittenToTheVictimsRequest() {
        Saml saml = saml();
        Browser attacker = new Browser();
        Browser victim = new Browser();
        String attackers = saml.startSignIn(attacker);
        String victims = saml.startSignIn(victim);
        var options = saml.options();
        options.inResponseTo = attackers; // the attacker's genuine response, assertion signed, envelope not
        options.signResponse = false;
        MockIdentityProvider.Person mallory = Saml.person("mallory@example.com");

        refused(saml, victim, rootTag(saml.idp.responseXml(mallory, options), tag -> tag.replace(attackers, victims)),
                "FLOW_MISMATCH", "its signed assertion " + attackers);
        refused(saml, victim, rootTag(saml.idp.responseXml(mallory, options), tag -> tag.replace(" InResponseTo=\"" + attackers + "\"", "")),
                "FLOW_MISMATCH", "sent to another browser");
        refused(saml, victim, saml.idp.responseXml(mallory, options), "FLOW_MISMATCH", "sent to another browser");
        refused(saml, new Browser(), saml.idp.responseXml(mallory, options), "FLOW_MISMATCH", "has no sign-in flow cookie");
        // in the attacker's own browser, pointing the envelope at the victim's request is refused too
        refused(saml, attacker, rootTag(saml.idp.responseXml(mallory, options), tag -> tag.replace(attackers, victims)),
                "FLOW_MISMATCH", "its signed assertion " + attackers);

        accepted(saml, attacker, saml.idp.responseXml(mallory, options)); // where it belongs, the response is good
        assertEquals(401, victim.getJson(saml.meUrl()).status());
    }

    @Test
    void aSignedInResponseToThatThisProjectNeverSentBehindAnEnvelopeWithout() {
        Saml saml = saml();
        var options = saml.options();
        options.inResponseTo = "_never-sent-" + System.nanoTime();
        options.signResponse = false;
        String xml = rootTag(saml.idp.responseXml(victim(), options), tag -> tag.replace(" InResponseTo=\"" + options.inResponseTo + "\"", ""));
        refused(saml, new Browser(), xml, "UNSOLICITED", options.inResponseTo);
    }

    @Test
    void unsolicitedResponsesAreRefusedWhileTheProjectAllowsOnlySpInitiatedSignIn() {
        Saml saml = saml();
        String sso = "/api/v1/projects/" + saml.projectId + "/sso";
        assertTrue(saml.api.get(sso).json().path("idpInitiatedAllowed").asBoolean(false), "allowed by default");
        Api.Reply off = saml.api.put(sso, Api.object("idpInitiatedAllowed", false));
        assertEquals(200, off.status(), off.text());
        assertFalse(off.json().path("idpInitiatedAllowed").asBoolean(true), off.text());
        assertTrue(off.json().path("jitEnabled").asBoolean(), "the other settings stay: " + off.text());

        refused(saml, new Browser(), saml.response(Saml.person("tile@example.com")), "IDP_INITIATED_OFF", "IdP-initiated");
        // only the Response, signed, names a request of this browser: the assertion is still unsolicited
        Browser browser = new Browser();
        var envelopeOnly = saml.options();
        envelopeOnly.inResponseTo = saml.startSignIn(browser);
        envelopeOnly.bindAssertion = false;
        refused(saml, browser, saml.idp.responseXml(Saml.person("tile@example.com"), envelopeOnly), "IDP_INITIATED_OFF", "IdP-initiated");

        Browser spInitiated = new Browser();
        var solicited = saml.options();
        solicited.inResponseTo = saml.startSignIn(spInitiated);
        accepted(saml, spInitiated, saml.idp.responseXml(Saml.person("started.here@example.com"), solicited));

        assertEquals(200, saml.api.put(sso, Api.object("idpInitiatedAllowed", true)).status());
        accepted(saml, new Browser(), saml.response(Saml.person("tile@example.com")));
        String audit = saml.api.get("/api/v1/projects/" + saml.projectId + "/audit?action=sso.update").text();
        assertTrue(audit.contains("IdP-initiated sign-in refused") && audit.contains("IdP-initiated sign-in allowed"), audit);
    }

    @Test
    void anElementInALookAlikeNamespaceBesideTheSignedAssertion() {
        Saml saml = saml();
        for (String lookAlike : new String[] {"URN:OASIS:names:tc:SAML:2.0:assertion", "urn:oasis:names:tc:SAML:2.0:assertion/",
                "urn:oasis:names:tc:SAML:2.0:assertion ", "urn:oasis:names:tc:SAML:2.0:ass\u0435rtion"}) {
            for (boolean inExtensions : new boolean[] {false, true}) {
                var options = saml.options();
                options.signResponse = inExtensions; // beside: the envelope unsigned, as reported; in Extensions: all signed
                options.beforeSigning = response -> {
                    Document doc = response.getOwnerDocument();
                    Element twin = doc.createElementNS(lookAlike, "evil:Assertion");
                    twin.setAttribute("ID", "_evil" + System.nanoTime());
                    Element subject = doc.createElementNS(lookAlike, "evil:Subject");
                    Element nameId = doc.createElementNS(lookAlike, "evil:NameID");
                    nameId.setTextContent("admin@example.com");
                    twin.appendChild(subject).appendChild(nameId);
                    if (inExtensions) {
                        Element extensions = doc.createElementNS(PROTOCOL, "saml2p:Extensions");
                        extensions.appendChild(twin);
                        response.insertBefore(extensions, first(response, PROTOCOL, "Status"));
                    } else {
                        response.appendChild(twin);
                    }
                };
                refused(saml, new Browser(), saml.idp.responseXml(victim(), options), "MALFORMED", "a look-alike of a SAML");
            }
        }
        var clean = saml.options();
        clean.beforeSigning = response -> { };
        accepted(saml, new Browser(), saml.idp.responseXml(victim(), clean));
    }

    @Test
    void idValuesDuplicatedInASignedResponse() {
        Saml saml = saml();
        for (String of : new String[] {"Assertion", "Response"}) {
            var options = saml.options();
            options.beforeSigning = response -> {
                String id = (of.equals("Response") ? response : first(response, ASSERTION, "Assertion")).getAttribute("ID");
                Element extensions = response.getOwnerDocument().createElementNS(PROTOCOL, "saml2p:Extensions");
                Element copy = response.getOwnerDocument().createElementNS("urn:example:idp", "x:Copy");
                copy.setAttribute("ID", id);
                extensions.appendChild(copy);
                response.insertBefore(extensions, first(response, PROTOCOL, "Status"));
            };
            refused(saml, new Browser(), saml.idp.responseXml(victim(), options), "MALFORMED", "appears twice");
        }
    }

    @Test
    void twoSubjectsOrTwoNameIdsInASignedAssertion() {
        Saml saml = saml();
        var secondSubject = saml.options();
        secondSubject.beforeSigning = response -> {
            Element subject = first(response, ASSERTION, "Subject");
            Element other = (Element) subject.cloneNode(true);
            first(other, ASSERTION, "NameID").setTextContent("admin@example.com");
            subject.getParentNode().insertBefore(other, subject);
        };
        refused(saml, new Browser(), saml.idp.responseXml(victim(), secondSubject), "MALFORMED", "Subject");
        var secondNameId = saml.options();
        secondNameId.beforeSigning = response -> {
            Element nameId = first(response, ASSERTION, "NameID");
            Element other = (Element) nameId.cloneNode(true);
            other.setTextContent("admin@example.com");
            first(response, ASSERTION, "SubjectConfirmation").insertBefore(other, first(response, ASSERTION, "SubjectConfirmationData"));
        };
        refused(saml, new Browser(), saml.idp.responseXml(victim(), secondNameId), "MALFORMED", "names its subject 2 times");
    }

    @Test
    void aDoctypeOrExternalEntityIsRefusedBeforeParsing() {
        Saml saml = saml();
        String xml = saml.response(victim());
        refused(saml, "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" + xml, "MALFORMED");
        refused(saml, "<!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>" + xml, "MALFORMED");
    }

    @Test
    void aResponseForProjectAPostedToProjectBsAcs() {
        Api api = Api.admin(base);
        Saml a = Saml.project(api, true);
        Saml b = Saml.project(api, Fixtures.project(api), a.idp, true); // both trust the same IdP
        Browser.Page page = Saml.postTo(new Browser(), b.acsUrl, a.response(victim()), null);
        assertEquals(403, page.status(), page.toString());
        assertEquals(0, b.userCount());
        assertEquals(0, a.userCount());
    }

    @Test
    void anOversizedResponse() {
        Saml saml = saml();
        String xml = saml.idp.responseXml(new MockIdentityProvider.Person("big@example.com", "x".repeat(600_000), "Doe", null),
                saml.options());
        refused(saml, xml, "TOO_LARGE");
    }

    @Test
    void anErrorStatusFromTheIdp() {
        Saml saml = saml();
        var options = saml.options();
        options.statusCode = "urn:oasis:names:tc:SAML:2.0:status:Requester";
        refused(saml, saml.idp.responseXml(victim(), options), "IDP_ERROR");
    }

    @Test
    void garbageInsteadOfAResponse() {
        Saml saml = saml();
        for (String body : new String[] {"", "not base64 !!!", java.util.Base64.getEncoder().encodeToString("<a>".getBytes()),
                java.util.Base64.getEncoder().encodeToString("<x xmlns='urn:x'/>".getBytes())}) {
            Browser.Page page = new Browser().post(saml.acsUrl, java.util.Map.of("SAMLResponse", body));
            assertTrue(page.status() == 400 || page.status() == 403, page.toString());
            assertTrue(page.body().contains("Gatehouse") && !page.body().contains("Exception"), page.body());
        }
        assertEquals(0, saml.userCount());
    }

    /** Posts the response, expects the failure page with the reason code, an audit event, and no session or user. */
    private static void refused(Saml saml, String xml, String reasonCode) {
        refused(saml, new Browser(), xml, reasonCode, null);
    }

    /**
     * Posts the response from the browser; expects the failure page with the reason code, an audit
     * event whose detail contains {@code auditSays} (unless null), no session in the browser, and no user.
     */
    private static void refused(Saml saml, Browser browser, String xml, String reasonCode, String auditSays) {
        int audited = failures(saml);
        Browser.Page page = saml.post(browser, xml);
        assertTrue(page.status() >= 400 && page.status() < 500, page.toString());
        assertTrue(page.body().contains("Sign in again") || page.body().contains("Gatehouse"), page.body());
        if (reasonCode != null) {
            assertTrue(page.body().contains("<code>" + reasonCode + "</code>"), () -> "expected " + reasonCode + ", audit says: "
                    + saml.api.get("/api/v1/projects/" + saml.projectId + "/audit?action=saml.sign-in-failed&limit=1").text());
        }
        assertTrue(!page.body().contains("Exception") && !page.body().contains("at io."), "no stack trace: " + page.body());
        assertEquals(0, saml.userCount(), "nobody was created");
        assertEquals(audited + 1, failures(saml), "the refusal is audited");
        assertEquals(401, browser.getJson(saml.meUrl()).status(), "the browser has no member session");
        if (auditSays != null) {
            String detail = saml.api.get("/api/v1/projects/" + saml.projectId + "/audit?action=saml.sign-in-failed&limit=1")
                    .json().path("items").path(0).path("detail").asText();
            assertTrue(detail.contains(auditSays), "audit detail: " + detail);
        }
    }

    /** Posts the response, expects the sign-in to succeed: the control that the attack's response was otherwise valid. */
    private static void accepted(Saml saml, Browser browser, String xml) {
        Browser.Page page = saml.post(browser, xml);
        assertEquals(302, page.status(), page.toString());
        assertEquals(200, browser.getJson(saml.meUrl()).status());
    }

    private static int failures(Saml saml) {
        return saml.api.get("/api/v1/projects/" + saml.projectId + "/audit?action=saml.sign-in-failed&limit=500")
                .json().path("items").size();
    }

    private static String edit(String xml, java.util.function.Consumer<Document> change) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            Document doc = factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
            change.accept(doc);
            StringWriter out = new StringWriter();
            TransformerFactory.newInstance().newTransformer().transform(new DOMSource(doc), new StreamResult(out));
            return out.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Element first(Document doc, String ns, String name) {
        return (Element) doc.getElementsByTagNameNS(ns, name).item(0);
    }

    private static Element first(Element in, String ns, String name) {
        return (Element) in.getElementsByTagNameNS(ns, name).item(0);
    }

    /** The XML with its root element's start tag (the unsigned envelope's attributes) changed. */
    private static String rootTag(String xml, java.util.function.UnaryOperator<String> change) {
        int start = xml.indexOf('<', xml.startsWith("<?") ? xml.indexOf("?>") : 0);
        int end = xml.indexOf('>', start) + 1;
        String changed = change.apply(xml.substring(start, end));
        assertNotEquals(xml.substring(start, end), changed, "the envelope changed");
        return xml.substring(0, start) + changed + xml.substring(end);
    }

    private static Element directChild(Element parent, String ns, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && ns.equals(e.getNamespaceURI()) && name.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    private static void text(Document doc, String ns, String name, String value) {
        first(doc, ns, name).setTextContent(value);
    }

    /** An unsigned copy of the assertion naming someone else, with its own ID. */
    private static Element evilTwin(Element signed) {
        Element evil = (Element) signed.cloneNode(true);
        evil.setAttribute("ID", "_evil" + System.nanoTime());
        Element signature = directChild(evil, DSIG, "Signature");
        if (signature != null) {
            evil.removeChild(signature);
        }
        evil.getElementsByTagNameNS(ASSERTION, "NameID").item(0).setTextContent("admin@example.com");
        return evil;
    }

}
