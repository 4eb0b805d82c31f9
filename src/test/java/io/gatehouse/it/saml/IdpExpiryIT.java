package io.gatehouse.it.saml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.it.Api;
import io.gatehouse.it.Browser;
import io.gatehouse.it.Fixtures;
import io.gatehouse.it.Saml;
import io.gatehouse.mockidp.MockIdentityProvider;
import io.gatehouse.saml.IdpExpiry;
import io.gatehouse.saml.SpKeyPair;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * IdP certificate and metadata expiry on the real WAR: a certificate expiring within 30 days is a
 * warning in the SSO settings JSON (the console's live status reads the same), audited once however
 * often it is read, and sign-ins still work; an expired certificate, or metadata past its
 * validUntil, refuses the sign-in with its own reason and a page that says which and when.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class IdpExpiryIT {
    @ArquillianResource
    URL base;

    private Saml project(SpKeyPair keys, String metadata) {
        return project(IdpKeys.idp(keys), metadata);
    }

    /** A project trusting the IdP; its metadata replaced by {@code metadata} when given. */
    private Saml project(MockIdentityProvider idp, String metadata) {
        Api api = Api.admin(base);
        Saml saml = Saml.project(api, Fixtures.project(api), idp, true);
        if (metadata != null) {
            Api.Reply reply = api.put("/api/v1/projects/" + saml.projectId + "/sso", Api.object("idpMetadataXml", metadata));
            assertEquals(200, reply.status(), reply.text());
        }
        return saml;
    }

    private static JsonNode sso(Saml saml) {
        Api.Reply reply = saml.api.get("/api/v1/projects/" + saml.projectId + "/sso");
        assertEquals(200, reply.status(), reply.text());
        return reply.json();
    }

    private static int expiryAudits(Saml saml) {
        return saml.api.get("/api/v1/projects/" + saml.projectId + "/audit?action=sso.idp-expiry&limit=100").json().path("items").size();
    }

    @Test
    void aCertificateExpiringIn10DaysIsWarnedOfAndAuditedOnceAndStillSignsIn() {
        Instant notAfter = Instant.now().plus(Duration.ofDays(10));
        SpKeyPair keys = IdpKeys.expiring("Expiring IdP", notAfter);
        Saml saml = project(keys, null);
        for (int read = 0; read < 3; read++) {
            JsonNode json = sso(saml);
            JsonNode certificate = json.path("idpCertificates").path(0);
            assertEquals("expiring", certificate.path("status").asText(), json.toString());
            assertEquals(IdpExpiry.fingerprint(keys.certificate()), certificate.path("fingerprint").asText());
            assertEquals(notAfter.getEpochSecond(), Instant.parse(certificate.path("notAfter").asText()).getEpochSecond());
            assertEquals("valid", json.path("idpMetadataStatus").asText());
            assertEquals(1, json.path("warnings").size(), json.toString());
            assertTrue(json.path("warnings").path(0).asText().contains("CN=Expiring IdP"), json.toString());
        }
        assertEquals(1, expiryAudits(saml), "audited once after several reads");
        JsonNode audit = saml.api.get("/api/v1/projects/" + saml.projectId + "/audit?action=sso.idp-expiry&limit=1").json()
                .path("items").path(0);
        assertTrue(audit.path("summary").asText().contains("expires within 30 days"), audit.toString());

        assertEquals(302, saml.post(new Browser(), saml.response(Saml.person("jane@example.com"))).status());
        assertEquals("signed_in", SignInTraceIT.latest(saml).path("outcome").asText());
    }

    @Test
    void aResponseSignedWithAnExpiredCertificateIsRefusedSayingWhichAndWhen() {
        Instant notAfter = Instant.now().minus(Duration.ofDays(2));
        SpKeyPair keys = IdpKeys.expiring("Expired IdP", notAfter);
        Saml saml = project(keys, null);
        JsonNode json = sso(saml);
        assertEquals("expired", json.path("idpCertificates").path(0).path("status").asText(), json.toString());
        assertTrue(json.path("warnings").path(0).asText().contains("refused"), json.toString());

        Browser.Page page = saml.post(new Browser(), saml.response(Saml.person("jane@example.com")));
        assertEquals(403, page.status(), page.toString());
        assertTrue(page.body().contains("<code>IDP_CERT_EXPIRED</code>"), page.body());
        assertTrue(page.body().contains("CN=Expired IdP") && page.body().contains("expired "), page.body());
        assertTrue(page.body().contains(IdpExpiry.fingerprint(keys.certificate())), page.body());
        assertEquals(0, saml.userCount(), "nobody was created");
        String detail = SignInTraceIT.refusedAt(SignInTraceIT.latest(saml), "IDP_CERT_EXPIRED", "Signing certificate")
                .path("detail").asText();
        assertTrue(detail.contains("CN=Expired IdP"), detail);
        assertEquals(1, expiryAudits(saml));
    }

    @Test
    void metadataPastItsValidUntilRefusesEverySignIn() {
        MockIdentityProvider idp = IdpKeys.idp(SpKeyPair.generate("Test IdP"));
        Instant validUntil = Instant.now().minus(Duration.ofHours(3));
        Saml saml = project(idp, IdpKeys.withValidUntil(idp.metadataXml(), validUntil));
        JsonNode json = sso(saml);
        assertEquals("expired", json.path("idpMetadataStatus").asText(), json.toString());
        assertEquals(validUntil.getEpochSecond(), Instant.parse(json.path("idpMetadataValidUntil").asText()).getEpochSecond());
        assertTrue(json.path("warnings").path(0).asText().contains("metadata expired"), json.toString());

        Browser.Page page = saml.post(new Browser(), saml.response(Saml.person("jane@example.com")));
        assertEquals(403, page.status(), page.toString());
        assertTrue(page.body().contains("<code>IDP_METADATA_EXPIRED</code>"), page.body());
        SignInTraceIT.refusedAt(SignInTraceIT.latest(saml), "IDP_METADATA_EXPIRED", "IdP metadata");
        assertEquals(1, expiryAudits(saml));
        sso(saml);
        assertEquals(1, expiryAudits(saml), "still once");
    }
}
