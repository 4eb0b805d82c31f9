package io.gatehouse.saml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.it.saml.IdpKeys;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which IdP certificates and metadata the admin is warned of (30 days ahead) and which are expired. */
class IdpExpiryTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    @ParameterizedTest(name = "{0} days from now: {1}")
    @CsvSource({"-400, expired", "-1, expired", "0, expired", "1, expiring", "10, expiring", "30, expiring", "31, valid",
            "3650, valid"})
    void statusOfADate(long days, IdpExpiry.Status status) {
        assertEquals(status, IdpExpiry.status(NOW.plus(Duration.ofDays(days)), NOW));
    }

    @Test
    void noDateIsValid() {
        assertEquals(IdpExpiry.Status.valid, IdpExpiry.status(null, NOW));
    }

    private static String metadata(String rootAttributes, String idpAttributes) {
        return "<md:EntitiesDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" " + rootAttributes + ">"
                + "<md:EntityDescriptor entityID=\"https://idp.test\"><md:IDPSSODescriptor " + idpAttributes
                + " protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\"/></md:EntityDescriptor></md:EntitiesDescriptor>";
    }

    @ParameterizedTest(name = "root [{0}] idp [{1}] -> {2}")
    @CsvSource(delimiter = '|', value = {
            "validUntil=\"2026-07-01T00:00:00Z\" |                                        | 2026-07-01T00:00:00Z",
            "                                    | validUntil=\"2026-06-05T00:00:00Z\"     | 2026-06-05T00:00:00Z",
            "validUntil=\"2026-07-01T00:00:00Z\" | validUntil=\"2026-06-05T00:00:00+02:00\" | 2026-06-04T22:00:00Z",
            "validUntil=\"not a date\"           |                                        | ",
            "validUntil=\"2026-07-01T00:00:00\"  |                                        | ",
            "                                    |                                        | "})
    void validUntilIsTheEarliestOnTheWayToTheIdp(String root, String idp, String expected) {
        Instant validUntil = IdpExpiry.validUntil(IdpMetadata.parse(metadata(root == null ? "" : root, idp == null ? "" : idp))
                .getDocumentElement());
        assertEquals(expected == null ? null : Instant.parse(expected), validUntil);
    }

    @Test
    void aCertificateExpiringIn10DaysAndExpiredMetadataAreWarnedOfOnceEach() {
        SpKeyPair keys = IdpKeys.expiring("Soon IdP", Instant.now().plus(Duration.ofDays(10)));
        String xml = IdpKeys.withValidUntil(IdpKeys.idp(keys).metadataXml(), Instant.now().minus(Duration.ofHours(1)));
        IdpExpiry.Report report = IdpExpiry.of(xml, Instant.now());
        assertEquals(1, report.certificates().size());
        assertEquals(IdpExpiry.Status.expiring, report.certificates().get(0).status());
        assertEquals(IdpExpiry.fingerprint(keys.certificate()), report.certificates().get(0).fingerprint());
        assertEquals(IdpExpiry.Status.expired, report.metadataStatus());
        assertEquals(2, report.warnings().size(), report.warnings().toString());
        assertEquals(2, report.notices().size());
        assertTrue(report.warnings().get(0).contains("CN=Soon IdP"), report.warnings().get(0));
    }

    @Test
    void unreadableOrMissingMetadataWarnsOfNothing() {
        assertTrue(IdpExpiry.of(null, NOW).warnings().isEmpty());
        assertTrue(IdpExpiry.of("<not metadata", NOW).warnings().isEmpty());
        assertNull(IdpExpiry.of("<not metadata", NOW).metadataValidUntil());
    }
}
