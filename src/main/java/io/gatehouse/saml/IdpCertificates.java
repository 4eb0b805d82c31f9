package io.gatehouse.saml;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The signing certificates an IdP's metadata publishes (KeyDescriptors not limited to encryption). */
final class IdpCertificates {
    private static final String DSIG = "http://www.w3.org/2000/09/xmldsig#";

    private IdpCertificates() {
    }

    static List<X509Certificate> signing(String metadataXml) {
        List<X509Certificate> certificates = new ArrayList<>();
        Element root = IdpMetadata.parse(metadataXml).getDocumentElement();
        NodeList idps = root.getElementsByTagNameNS(IdpMetadata.METADATA_NS, "IDPSSODescriptor");
        for (int i = 0; i < idps.getLength(); i++) {
            NodeList keys = ((Element) idps.item(i)).getElementsByTagNameNS(IdpMetadata.METADATA_NS, "KeyDescriptor");
            for (int k = 0; k < keys.getLength(); k++) {
                Element key = (Element) keys.item(k);
                if ("encryption".equals(key.getAttribute("use"))) {
                    continue;
                }
                NodeList certs = key.getElementsByTagNameNS(DSIG, "X509Certificate");
                for (int c = 0; c < certs.getLength(); c++) {
                    try {
                        certificates.add(SpKeyPair.certificate(certs.item(c).getTextContent()));
                    } catch (GeneralSecurityException | IllegalArgumentException unreadable) {
                        // an unreadable certificate verifies nothing
                    }
                }
            }
        }
        return certificates;
    }
}
