package io.gatehouse.saml;

import io.gatehouse.member.SignInFailure;
import io.gatehouse.member.SignInFailure.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Checks a posted SAMLResponse before pac4j sees it, refusing the shapes that signature
 * validation alone has historically let through: oversized bodies, DTDs and external entities,
 * more than one assertion anywhere in the document (XML signature wrapping: an extra assertion
 * before or after the signed one, or hidden in Extensions or ds:Object), comments inside an
 * assertion (the NameID truncation attack: exclusive c14n drops comments, so the signature still
 * holds), an encrypted assertion in an unsigned response (OpenSAML 4.0.1 must not decrypt
 * unauthenticated XML), and what breaks the schema where it decides whose identity the response
 * carries ({@link ResponseShape}). It also yields the IDs the replay check records.
 */
final class ResponseScreen {
    static final int MAX_BASE64_CHARS = 512 * 1024;
    static final Duration MAX_REPLAY_WINDOW = Duration.ofHours(24);
    static final String PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol";
    static final String ASSERTION = "urn:oasis:names:tc:SAML:2.0:assertion";
    static final String DSIG = "http://www.w3.org/2000/09/xmldsig#";

    /** What the screen learnt: the IDs to record as used, and until when they must stay recorded. */
    record Screened(List<String> ids, Instant keepUntil, boolean responseSigned) {
    }

    private ResponseScreen() {
    }

    static Screened check(String samlResponse) {
        if (samlResponse == null || samlResponse.isBlank()) {
            throw new SignInFailure(Reason.MALFORMED, "No SAMLResponse parameter in the request");
        }
        if (samlResponse.length() > MAX_BASE64_CHARS) {
            throw new SignInFailure(Reason.TOO_LARGE, "SAMLResponse of " + samlResponse.length() + " characters");
        }
        Element response = parse(decode(samlResponse)).getDocumentElement();
        if (!PROTOCOL.equals(response.getNamespaceURI()) || !"Response".equals(response.getLocalName())) {
            throw new SignInFailure(Reason.MALFORMED, "Root element is " + response.getNodeName() + ", not samlp:Response");
        }
        NodeList assertions = response.getElementsByTagNameNS(ASSERTION, "Assertion");
        NodeList encrypted = response.getElementsByTagNameNS(ASSERTION, "EncryptedAssertion");
        int count = assertions.getLength() + encrypted.getLength();
        if (count != 1) {
            throw new SignInFailure(Reason.INVALID, "Response carries " + count + " assertions; exactly one is accepted");
        }
        boolean responseSigned = directChild(response, DSIG, "Signature") != null;
        if (encrypted.getLength() == 1 && !responseSigned) {
            throw new SignInFailure(Reason.SIGNATURE, "Encrypted assertion in an unsigned Response");
        }
        List<String> ids = new ArrayList<>();
        ids.add("response:" + response.getAttribute("ID"));
        Instant keepUntil = Instant.now().plus(Duration.ofMinutes(10));
        Element assertion = null;
        if (assertions.getLength() == 1) {
            assertion = (Element) assertions.item(0);
            if (assertion.getParentNode() != response) {
                throw new SignInFailure(Reason.INVALID, "The assertion is not a direct child of the Response");
            }
            refuseComments(assertion);
            ids.add("assertion:" + assertion.getAttribute("ID"));
        }
        ResponseShape.check(response, assertion);
        if (assertion != null) {
            keepUntil = notOnOrAfter(assertion, keepUntil);
        }
        return new Screened(ids, keepUntil, responseSigned);
    }

    private static byte[] decode(String samlResponse) {
        try {
            return Base64.getMimeDecoder().decode(samlResponse);
        } catch (IllegalArgumentException e) {
            throw new SignInFailure(Reason.MALFORMED, "SAMLResponse is not base64");
        }
    }

    /**
     * One configured parser per thread: DocumentBuilderFactory.newInstance() searches every jar of
     * the webapp for a provider on each call, which the ACS should not pay per sign-in.
     */
    private static final ThreadLocal<DocumentBuilder> PARSER = ThreadLocal.withInitial(() -> {
        try {
            return secureFactory().newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    });

    private static Document parse(byte[] xml) {
        DocumentBuilder builder = PARSER.get();
        try {
            builder.reset(); // also drops the error handler: set it for every parse
            builder.setErrorHandler(new DefaultHandler());
            return builder.parse(new ByteArrayInputStream(xml));
        } catch (SAXException e) {
            throw new SignInFailure(Reason.MALFORMED, "SAMLResponse is not well-formed XML or contains a DOCTYPE");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The hardened parser settings every SAML XML Gatehouse reads goes through (responses, IdP metadata). */
    static DocumentBuilderFactory secureFactory() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        return factory;
    }

    private static void refuseComments(Node node) {
        for (Node child = node.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child.getNodeType() == Node.COMMENT_NODE || child.getNodeType() == Node.PROCESSING_INSTRUCTION_NODE) {
                throw new SignInFailure(Reason.INVALID, "Comment or processing instruction inside the assertion");
            }
            refuseComments(child);
        }
    }

    /** The assertion's latest NotOnOrAfter: until then a replay could still pass the time checks. */
    private static Instant notOnOrAfter(Element assertion, Instant fallback) {
        Instant latest = null;
        for (String element : List.of("Conditions", "SubjectConfirmationData")) {
            NodeList nodes = assertion.getElementsByTagNameNS(ASSERTION, element);
            for (int i = 0; i < nodes.getLength(); i++) {
                String value = ((Element) nodes.item(i)).getAttribute("NotOnOrAfter");
                try {
                    Instant at = value.isEmpty() ? null : java.time.OffsetDateTime.parse(value).toInstant();
                    latest = at != null && (latest == null || at.isAfter(latest)) ? at : latest;
                } catch (DateTimeParseException e) {
                    throw new SignInFailure(Reason.MALFORMED, "NotOnOrAfter is not a timestamp");
                }
            }
        }
        Instant cap = Instant.now().plus(MAX_REPLAY_WINDOW);
        Instant until = latest == null ? fallback : latest.plus(Duration.ofMinutes(5)); // plus the accepted skew
        return until.isAfter(cap) ? cap : until;
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
