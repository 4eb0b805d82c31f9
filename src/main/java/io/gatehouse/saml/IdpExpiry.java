package io.gatehouse.saml;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * When the IdP's metadata stops being trusted: each signing certificate's notAfter, and the
 * metadata's validUntil (the earliest on the way from the document's root to the IdP descriptor).
 * Within {@link #WARNING} of either the admin is warned; past it a sign-in is refused
 * (IDP_CERT_EXPIRED for a response signed with the expired certificate, IDP_METADATA_EXPIRED for
 * any response while the metadata is out of date, as SAML metadata says a relying party must not use it).
 */
public final class IdpExpiry {
    static final Duration WARNING = Duration.ofDays(30);

    public enum Status { valid, expiring, expired }

    /** A signing certificate of the metadata, as the admin and the status JSON see it. */
    public record Certificate(String fingerprint, String subject, Instant notAfter, Status status) {
        /** "CN=Okta, expires 2026-01-31 12:00 UTC, SHA-256 fingerprint AB:CD:…". */
        public String describe() {
            return subject + ", " + (status == Status.expired ? "expired " : "expires ") + Texts.at(notAfter)
                    + ", SHA-256 fingerprint " + fingerprint;
        }
    }

    /** The metadata's certificates and validUntil (null: none), judged at one instant. */
    public record Report(List<Certificate> certificates, Instant metadataValidUntil, Status metadataStatus) {
        static final Report NONE = new Report(List.of(), null, Status.valid);

        /** The warnings the overview, the guides and the status JSON show, one sentence each. */
        public List<String> warnings() {
            List<String> warnings = new ArrayList<>();
            for (Certificate c : certificates) {
                if (c.status() == Status.expired) {
                    warnings.add("The identity provider's signing certificate " + c.describe()
                            + ". Sign-ins signed with it are refused: renew it at the identity provider and update the metadata here.");
                } else if (c.status() == Status.expiring) {
                    warnings.add("The identity provider's signing certificate " + c.describe()
                            + ". Renew it at the identity provider and update the metadata here before then, or sign-ins will stop.");
                }
            }
            if (metadataStatus == Status.expired) {
                warnings.add("The identity provider's metadata expired " + Texts.at(metadataValidUntil)
                        + " (its validUntil). Sign-ins are refused until Gatehouse has current metadata.");
            } else if (metadataStatus == Status.expiring) {
                warnings.add("The identity provider's metadata expires " + Texts.at(metadataValidUntil)
                        + " (its validUntil). Give Gatehouse current metadata before then, or sign-ins will stop.");
            }
            return warnings;
        }

        /** One key per warning, so each is audited once: the certificate's or the validUntil's, and its status. */
        List<String> notices() {
            List<String> keys = new ArrayList<>();
            certificates.stream().filter(c -> c.status() != Status.valid)
                    .forEach(c -> keys.add("certificate-" + c.status() + ":" + c.fingerprint().replace(":", "")));
            if (metadataStatus != Status.valid) {
                keys.add("metadata-" + metadataStatus + ":" + metadataValidUntil.getEpochSecond());
            }
            return keys;
        }

        /** The summary of a notice for the audit log. */
        String summary(String notice) {
            boolean expired = notice.contains("-expired:");
            if (notice.startsWith("metadata")) {
                return expired ? "IdP metadata expired (validUntil passed)" : "IdP metadata expires within 30 days (validUntil)";
            }
            return expired ? "IdP signing certificate expired" : "IdP signing certificate expires within 30 days";
        }
    }

    private IdpExpiry() {
    }

    /** The report for the metadata (null or unreadable: nothing to warn of), judged at {@code now}. */
    public static Report of(String metadataXml, Instant now) {
        if (metadataXml == null) {
            return Report.NONE;
        }
        Read read = read(metadataXml);
        List<Certificate> certificates = read.certificates().stream().map(c -> certificate(c, now)).toList();
        return new Report(certificates, read.validUntil(), status(read.validUntil(), now));
    }

    /** What the metadata says, parsed once per document: every sign-in asks (the dates are judged each time). */
    record Read(String entityId, List<X509Certificate> certificates, Instant validUntil) {
    }

    private static final Map<String, Read> READ = new ConcurrentHashMap<>();

    /** The metadata's entity ID, signing certificates and validUntil, from the cache of the documents in use. */
    static Read read(String metadataXml) {
        Read read = READ.get(metadataXml);
        if (read == null) {
            read = parse(metadataXml);
            if (READ.size() > 200) {
                READ.clear(); // a cache of the metadata in use, not of every version ever seen
            }
            READ.put(metadataXml, read);
        }
        return read;
    }

    private static Read parse(String metadataXml) {
        try {
            return new Read(IdpMetadata.entityId(metadataXml), IdpCertificates.signing(metadataXml),
                    validUntil(IdpMetadata.parse(metadataXml).getDocumentElement()));
        } catch (RuntimeException unreadable) { // metadata is checked when stored; a bad one is pac4j's to refuse
            return new Read(null, List.of(), null);
        }
    }

    static Certificate certificate(X509Certificate certificate, Instant now) {
        Instant notAfter = certificate.getNotAfter().toInstant();
        return new Certificate(fingerprint(certificate), certificate.getSubjectX500Principal().getName(), notAfter,
                status(notAfter, now));
    }

    static Status status(Instant until, Instant now) {
        if (until == null || until.isAfter(now.plus(WARNING))) {
            return Status.valid;
        }
        return until.isAfter(now) ? Status.expiring : Status.expired;
    }

    /** SHA-256 of the DER encoding, as hex pairs with colons (how browsers and IdP consoles show it). */
    public static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The earliest validUntil of the root and of every element on the way to an IDPSSODescriptor. */
    static Instant validUntil(Element root) {
        Instant earliest = earlier(null, root);
        NodeList idps = root.getElementsByTagNameNS(IdpMetadata.METADATA_NS, "IDPSSODescriptor");
        for (int i = 0; i < idps.getLength(); i++) {
            for (Node n = idps.item(i); n != null && n != root; n = n.getParentNode()) {
                earliest = n instanceof Element e ? earlier(earliest, e) : earliest;
            }
        }
        return earliest;
    }

    private static Instant earlier(Instant earliest, Element element) {
        String value = element.getAttribute("validUntil").strip();
        if (value.isEmpty()) {
            return earliest;
        }
        try {
            Instant at = OffsetDateTime.parse(value).toInstant();
            return earliest == null || at.isBefore(earliest) ? at : earliest;
        } catch (DateTimeParseException e) {
            return earliest; // not an xs:dateTime with a zone: pac4j decides what it means
        }
    }
}
