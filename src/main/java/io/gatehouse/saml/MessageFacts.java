package io.gatehouse.saml;

import static io.gatehouse.saml.ResponseScreen.ASSERTION;
import static io.gatehouse.saml.ResponseScreen.DSIG;
import static io.gatehouse.saml.ResponseScreen.PROTOCOL;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What a SAML response says about itself, read from its DOM for the sign-in trace's explanations:
 * nothing here decides a sign-in (pac4j and SignedAssertionValidator do), it only lets the trace
 * say "the response is addressed to X, this project's address is Y". Unsigned values are shown as
 * what the message claims.
 */
record MessageFacts(String responseId, String assertionId, Set<String> issuers, String destination, Set<String> recipients,
                    Set<String> audiences, String issueInstant, String notBefore, String notOnOrAfter, String statusCode,
                    String statusMessage, String inResponseTo, Set<String> answered, boolean responseSigned,
                    boolean assertionSigned, boolean encrypted, List<X509Certificate> keyInfoCertificates) {

    static MessageFacts of(Element response) {
        Element assertion = first(response, ASSERTION, "Assertion");
        Element conditions = assertion == null ? null : first(assertion, ASSERTION, "Conditions");
        Element status = first(response, PROTOCOL, "StatusCode");
        Element statusMessage = first(response, PROTOCOL, "StatusMessage");
        return new MessageFacts(attribute(response, "ID"), assertion == null ? null : attribute(assertion, "ID"),
                texts(response, ASSERTION, "Issuer"), attribute(response, "Destination"),
                attributes(response, "SubjectConfirmationData", "Recipient"), texts(response, ASSERTION, "Audience"),
                attribute(response, "IssueInstant"), conditions == null ? null : attribute(conditions, "NotBefore"),
                conditions == null ? null : attribute(conditions, "NotOnOrAfter"), status == null ? null : attribute(status, "Value"),
                statusMessage == null ? null : statusMessage.getTextContent().strip(), attribute(response, "InResponseTo"),
                attributes(response, "SubjectConfirmationData", "InResponseTo"),
                directChild(response, DSIG, "Signature") != null, assertion != null && directChild(assertion, DSIG, "Signature") != null,
                first(response, ASSERTION, "EncryptedAssertion") != null, keyInfoCertificates(response));
    }

    boolean signed() {
        return responseSigned || assertionSigned;
    }

    /** "the Response and the assertion are signed", for the trace. */
    String signedParts() {
        if (responseSigned && assertionSigned) {
            return "the Response and its assertion are signed";
        }
        return responseSigned ? "the Response is signed" : assertionSigned ? "the assertion is signed" : "nothing is signed";
    }

    private static List<X509Certificate> keyInfoCertificates(Element response) {
        List<X509Certificate> certificates = new ArrayList<>();
        NodeList signatures = response.getElementsByTagNameNS(DSIG, "Signature");
        for (int i = 0; i < signatures.getLength(); i++) {
            NodeList certs = ((Element) signatures.item(i)).getElementsByTagNameNS(DSIG, "X509Certificate");
            for (int c = 0; c < certs.getLength(); c++) {
                try {
                    X509Certificate certificate = SpKeyPair.certificate(certs.item(c).getTextContent());
                    if (!certificates.contains(certificate)) {
                        certificates.add(certificate);
                    }
                } catch (GeneralSecurityException | IllegalArgumentException unreadable) {
                    // the trace says the message names no certificate it can read
                }
            }
        }
        return certificates;
    }

    private static String attribute(Element element, String name) {
        String value = element.getAttribute(name);
        return value.isEmpty() ? null : bounded(value);
    }

    private static Set<String> attributes(Element in, String element, String name) {
        Set<String> values = new LinkedHashSet<>();
        NodeList nodes = in.getElementsByTagNameNS(ASSERTION, element);
        for (int i = 0; i < nodes.getLength() && values.size() < 10; i++) {
            String value = ((Element) nodes.item(i)).getAttribute(name);
            values.add(value.isEmpty() ? "(none)" : bounded(value));
        }
        return values;
    }

    private static Set<String> texts(Element in, String namespace, String element) {
        Set<String> values = new LinkedHashSet<>();
        NodeList nodes = in.getElementsByTagNameNS(namespace, element);
        for (int i = 0; i < nodes.getLength() && values.size() < 10; i++) {
            values.add(bounded(nodes.item(i).getTextContent().strip()));
        }
        return values;
    }

    private static String bounded(String value) {
        return value.length() <= 300 ? value : value.substring(0, 300) + TraceMessage.ELLIPSIS;
    }

    private static Element first(Element in, String namespace, String name) {
        NodeList nodes = in.getElementsByTagNameNS(namespace, name);
        return nodes.getLength() == 0 ? null : (Element) nodes.item(0);
    }

    private static Element directChild(Element parent, String namespace, String localName) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e && namespace.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }
}
