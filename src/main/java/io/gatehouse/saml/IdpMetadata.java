package io.gatehouse.saml;

import io.gatehouse.platform.DomainException;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/** Checks what an admin gives as identity-provider metadata before it is stored. */
public final class IdpMetadata {
    static final String METADATA_NS = "urn:oasis:names:tc:SAML:2.0:metadata";
    static final int MAX_XML_CHARS = 1_000_000;
    private static final int MAX_URL_CHARS = 2000;

    private IdpMetadata() {
    }

    /** An absolute http(s) URL, or INVALID. */
    public static String validUrl(String url) {
        String value = url == null ? "" : url.strip();
        if (value.isEmpty() || value.length() > MAX_URL_CHARS) {
            throw DomainException.invalid("idpMetadataUrl must be an http or https URL of at most " + MAX_URL_CHARS + " characters");
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
                throw DomainException.invalid("idpMetadataUrl must be an absolute http or https URL");
            }
            return value;
        } catch (URISyntaxException e) {
            throw DomainException.invalid("idpMetadataUrl is not a valid URL");
        }
    }

    /**
     * SAML 2.0 metadata with an IdP descriptor, or INVALID. Parsed with DTDs and external entities
     * refused, so a hostile document cannot read files or make requests (XXE).
     */
    public static String validXml(String xml) {
        if (xml == null || xml.isBlank()) {
            throw DomainException.invalid("idpMetadataXml is empty");
        }
        if (xml.length() > MAX_XML_CHARS) {
            throw DomainException.invalid("idpMetadataXml is larger than " + MAX_XML_CHARS + " characters");
        }
        Element root = parse(xml).getDocumentElement();
        String name = root.getLocalName();
        if (!METADATA_NS.equals(root.getNamespaceURI())
                || !("EntityDescriptor".equals(name) || "EntitiesDescriptor".equals(name))) {
            throw DomainException.invalid("idpMetadataXml is not SAML 2.0 metadata (expected an EntityDescriptor)");
        }
        if (root.getElementsByTagNameNS(METADATA_NS, "IDPSSODescriptor").getLength() == 0) {
            throw DomainException.invalid("idpMetadataXml describes no identity provider (no IDPSSODescriptor)");
        }
        return xml.strip();
    }

    /** The entityID of the descriptor that holds the IdP (for the sign-in trace's "the metadata is for ..."). */
    static String entityId(String xml) {
        try {
            Element root = parse(xml).getDocumentElement();
            var idp = root.getElementsByTagNameNS(METADATA_NS, "IDPSSODescriptor").item(0);
            Element entity = idp == null ? root : (Element) idp.getParentNode();
            return entity.getAttribute("entityID").isEmpty() ? null : entity.getAttribute("entityID");
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    static Document parse(String xml) {
        try {
            DocumentBuilder builder = ResponseScreen.secureFactory().newDocumentBuilder();
            builder.setErrorHandler(new DefaultHandler());
            return builder.parse(new InputSource(new StringReader(xml)));
        } catch (SAXException e) {
            throw DomainException.invalid("idpMetadataXml is not well-formed XML or contains a DOCTYPE");
        } catch (ParserConfigurationException | IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
