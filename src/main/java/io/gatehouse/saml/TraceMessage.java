package io.gatehouse.saml;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The SAMLResponse as the sign-in trace keeps it: decoded, pretty-printed, with signature values,
 * digests, certificates and ciphertext shortened to their first characters (they tell the admin
 * nothing and only make the message long), and capped. Parsed with the hardened settings (no DTD,
 * no external entity); what does not parse is kept as far as it decodes, shortened the same way.
 */
final class TraceMessage {
    static final int MAX_CHARS = 64 * 1024;
    static final int KEPT_CHARS = 12;
    static final String ELLIPSIS = "…";
    /** Elements whose text is a signature, digest, certificate or ciphertext. */
    static final Set<String> SHORTENED = Set.of("SignatureValue", "DigestValue", "X509Certificate", "CipherValue");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/=\\s]+");
    private static final Pattern SHORTENED_TEXT = Pattern.compile(
            "(<(?:[\\w.-]+:)?(?:SignatureValue|DigestValue|X509Certificate|CipherValue)\\b[^>]*>)\\s*([^<]*)");

    /** One parser and one printer per thread: the factories' lookups search every jar of the webapp (see ResponseScreen). */
    private static final ThreadLocal<DocumentBuilder> PARSER = ThreadLocal.withInitial(() -> {
        try {
            return ResponseScreen.secureFactory().newDocumentBuilder();
        } catch (javax.xml.parsers.ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    });
    private static final ThreadLocal<Transformer> PRINTER = ThreadLocal.withInitial(() -> {
        try {
            TransformerFactory factory = TransformerFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
            return factory.newTransformer();
        } catch (javax.xml.transform.TransformerException e) {
            throw new IllegalStateException(e);
        }
    });

    private TraceMessage() {
    }

    /** The message as the trace keeps it, and what the trace's checks read from it (null when it does not parse). */
    record Traced(String message, MessageFacts facts) {
        static final Traced NONE = new Traced(null, null);
    }

    /** What the trace shows of the posted parameter. */
    static Traced of(String samlResponse) {
        if (samlResponse == null || samlResponse.isBlank()) {
            return Traced.NONE;
        }
        byte[] xml;
        try {
            if (!BASE64.matcher(samlResponse).matches()) {
                throw new IllegalArgumentException("not base64"); // the MIME decoder would skip what is not base64
            }
            xml = Base64.getMimeDecoder().decode(samlResponse.length() > ResponseScreen.MAX_BASE64_CHARS
                    ? samlResponse.substring(0, ResponseScreen.MAX_BASE64_CHARS & ~3) : samlResponse);
        } catch (IllegalArgumentException e) {
            return new Traced(capped("(not base64) " + shortenText(samlResponse.substring(0, Math.min(samlResponse.length(), 2000)))),
                    null);
        }
        Document document;
        try {
            DocumentBuilder builder = PARSER.get();
            builder.reset(); // also drops the error handler: set it for every parse
            builder.setErrorHandler(new DefaultHandler());
            document = builder.parse(new ByteArrayInputStream(xml));
        } catch (Exception unparseable) { // not well-formed, a DOCTYPE, ...: the text as it decodes
            return new Traced(capped(shortenText(new String(xml, StandardCharsets.UTF_8))), null);
        }
        MessageFacts facts = MessageFacts.of(document.getDocumentElement()); // before the values are shortened
        try {
            return new Traced(capped(pretty(document)), facts);
        } catch (Exception e) {
            return new Traced(capped(shortenText(new String(xml, StandardCharsets.UTF_8))), facts);
        }
    }

    private static String pretty(Document document) throws Exception {
        shorten(document.getDocumentElement());
        stripWhitespace(document.getDocumentElement());
        Transformer transformer = PRINTER.get();
        transformer.reset();
        transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
        transformer.setOutputProperty(OutputKeys.INDENT, "yes");
        transformer.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
        StringWriter out = new StringWriter();
        transformer.transform(new DOMSource(document), new StreamResult(out));
        return out.toString().strip();
    }

    private static void shorten(Element element) {
        if (SHORTENED.contains(element.getLocalName())) {
            element.setTextContent(shortened(element.getTextContent()));
            return;
        }
        NodeList children = element.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element child) {
                shorten(child);
            }
        }
    }

    /** Whitespace between elements goes, so the indentation is the transformer's alone. */
    private static void stripWhitespace(Element element) {
        for (Node child = element.getFirstChild(); child != null; ) {
            Node next = child.getNextSibling();
            if (child.getNodeType() == Node.TEXT_NODE && child.getNodeValue().isBlank() && element.getChildNodes().getLength() > 1) {
                element.removeChild(child);
            } else if (child instanceof Element e) {
                stripWhitespace(e);
            }
            child = next;
        }
    }

    static String shortened(String value) {
        String compact = value.replaceAll("\\s", "");
        return compact.length() <= KEPT_CHARS ? compact : compact.substring(0, KEPT_CHARS) + ELLIPSIS;
    }

    /** The same shortening on text that is not XML a parser accepts. */
    static String shortenText(String text) {
        Matcher m = SHORTENED_TEXT.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + shortened(m.group(2))));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Capped, and without control characters (PostgreSQL refuses NUL in text; the page has no use for the rest). */
    private static String capped(String raw) {
        String text = raw.replaceAll("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]", "\uFFFD");
        return text.length() <= MAX_CHARS ? text
                : text.substring(0, MAX_CHARS) + "\n" + ELLIPSIS + " (cut at " + MAX_CHARS + " characters of " + text.length() + ")";
    }
}
