package io.gatehouse.it.saml;

import static io.gatehouse.it.Api.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.it.Api;
import io.gatehouse.it.Browser;
import io.gatehouse.it.Fixtures;
import io.gatehouse.it.Saml;
import io.gatehouse.mockidp.MockIdentityProvider;
import io.gatehouse.saml.IdpExpiry;
import io.gatehouse.saml.SpKeyPair;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sign-in trace on the real WAR: every response posted to the ACS is kept with the check that
 * decided it, in words that name what was sent against what was expected; signature values are
 * shortened; the list is newest first and bounded by limit; a project's trace is its own.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SignInTraceIT {
    static final List<String> SUCCESS_CHECKS = List.of("Response shape", "IdP metadata", "Status", "Signature",
            "Signing certificate", "Issuer", "Destination/Recipient", "Audience", "Time window", "Claims",
            "InResponseTo (this browser's request)", "Replay", "User", "Role");

    @ArquillianResource
    URL base;

    static JsonNode attempts(Saml saml, int limit) {
        Api.Reply reply = saml.api.get("/api/v1/projects/" + saml.projectId + "/sign-in-attempts?limit=" + limit);
        assertEquals(200, reply.status(), reply.text());
        return reply.json().path("attempts");
    }

    static JsonNode latest(Saml saml) {
        return attempts(saml, 1).path(0);
    }

    static JsonNode check(JsonNode attempt, String name) {
        for (JsonNode check : attempt.path("checks")) {
            if (name.equals(check.path("name").asText())) {
                return check;
            }
        }
        throw new AssertionError("no check " + name + " in " + attempt.path("checks"));
    }

    static List<String> names(JsonNode attempt) {
        List<String> names = new ArrayList<>();
        attempt.path("checks").forEach(c -> names.add(c.path("name").asText()));
        return names;
    }

    /** The refusal's check is the last one listed, failed, and every one before it passed. */
    static JsonNode refusedAt(JsonNode attempt, String reason, String failedCheck) {
        assertEquals("refused", attempt.path("outcome").asText(), attempt.toString());
        assertEquals(reason, attempt.path("reason").asText(), attempt.toString());
        JsonNode checks = attempt.path("checks");
        JsonNode last = checks.path(checks.size() - 1);
        assertEquals(failedCheck, last.path("name").asText(), checks.toString());
        assertFalse(last.path("passed").asBoolean(true), checks.toString());
        for (int i = 0; i < checks.size() - 1; i++) {
            assertTrue(checks.path(i).path("passed").asBoolean(), checks.toString());
        }
        return last;
    }

    @Test
    void aSuccessfulSignInListsEveryCheckPassedWithTheMessageItsSignaturesShortened() {
        Saml saml = Saml.project(Api.admin(base), true);
        String xml = saml.response(Saml.person("jane@example.com", "Staff"));
        assertEquals(302, saml.post(new Browser(), xml).status());

        JsonNode attempt = latest(saml);
        assertEquals("signed_in", attempt.path("outcome").asText(), attempt.toString());
        assertTrue(attempt.has("reason") && attempt.path("reason").isNull(), "reason is there, null: " + attempt);
        assertEquals("jane@example.com", attempt.path("userName").asText());
        assertTrue(Instant.parse(attempt.path("at").asText()).isAfter(Instant.now().minusSeconds(120)));
        assertEquals(SUCCESS_CHECKS, names(attempt));
        attempt.path("checks").forEach(c -> assertTrue(c.path("passed").asBoolean(), c.toString()));
        assertTrue(check(attempt, "User").path("detail").asText().contains("Created the user 'jane@example.com'"));
        assertTrue(check(attempt, "Claims").path("detail").asText().contains("groups 'Staff'"));
        assertEquals("Default role \"Member\": none of the user's groups has a role.", check(attempt, "Role").path("detail").asText());
        assertTrue(check(attempt, "Signature").path("detail").asText()
                .contains(metadataFingerprint(saml)), check(attempt, "Signature").toString());

        String message = attempt.path("message").asText();
        assertTrue(message.contains(":Response") && message.contains("\n  <"), "pretty-printed: " + message);
        for (String element : List.of("SignatureValue", "DigestValue")) {
            Matcher original = Pattern.compile(element + ">([^<]+)<").matcher(xml);
            assertTrue(original.find(), element);
            String value = original.group(1).replaceAll("\\s", "");
            assertFalse(message.contains(value.substring(0, 20)), element + " kept whole: " + message);
            assertTrue(message.contains(element + ">" + value.substring(0, 12) + "…<"), element + " not shortened: " + message);
        }

        assertEquals(302, saml.post(new Browser(), saml.response(Saml.person("jane@example.com"))).status());
        assertTrue(check(latest(saml), "User").path("detail").asText().contains("Matched the existing user 'jane@example.com'"));
    }

    @Test
    void refusalsNameTheFailedCheckInWordsNewestFirst() {
        Saml saml = Saml.project(Api.admin(base), true);
        String xml = saml.response(Saml.person("jane@example.com"));
        assertEquals(302, saml.post(new Browser(), xml).status());

        assertEquals(403, saml.post(new Browser(), xml).status());
        refusedAt(latest(saml), "REPLAY", "Replay");

        var options = saml.options();
        options.audience = "https://another-sp.test/entity";
        saml.post(new Browser(), saml.idp.responseXml(Saml.person("jane@example.com"), options));
        String audience = refusedAt(latest(saml), "AUDIENCE", "Audience").path("detail").asText();
        assertTrue(audience.contains("'https://another-sp.test/entity'") && audience.contains("'" + saml.entityId + "'"), audience);

        options = saml.options();
        options.destination = "https://elsewhere.test/acs";
        saml.post(new Browser(), saml.idp.responseXml(Saml.person("jane@example.com"), options));
        String destination = refusedAt(latest(saml), "DESTINATION", "Destination/Recipient").path("detail").asText();
        assertTrue(destination.contains("https://elsewhere.test/acs") && destination.contains(saml.acsUrl), destination);

        SpKeyPair impostorKeys = SpKeyPair.generate("Impostor");
        var impostor = new MockIdentityProvider(saml.idp.entityId(), "https://x.test/sso", "https://x.test/slo", impostorKeys);
        saml.post(new Browser(), impostor.responseXml(Saml.person("jane@example.com"), saml.options()));
        String signature = refusedAt(latest(saml), "SIGNATURE", "Signature").path("detail").asText();
        assertTrue(signature.contains("a certificate Gatehouse does not know"), signature);
        assertTrue(signature.contains(IdpExpiry.fingerprint(impostorKeys.certificate())), "the message's certificate: " + signature);
        assertTrue(signature.contains(metadataFingerprint(saml)), "the metadata's: " + signature);
        assertTrue(signature.contains("CN=Gatehouse SP Impostor"), signature);

        String garbage = "<html>not a SAML response</html>";
        new Browser().post(saml.acsUrl, Map.of("SAMLResponse", MockIdentityProvider.base64(garbage)));
        JsonNode malformed = latest(saml);
        refusedAt(malformed, "MALFORMED", "Response shape");
        assertEquals(garbage, malformed.path("message").asText());
        assertTrue(malformed.has("userName") && malformed.path("userName").isNull(), malformed.toString());

        JsonNode all = attempts(saml, 10);
        assertEquals(6, all.size(), all.toString());
        List<String> reasons = new ArrayList<>();
        all.forEach(a -> reasons.add(a.path("reason").asText("signed_in")));
        assertEquals(List.of("MALFORMED", "SIGNATURE", "DESTINATION", "AUDIENCE", "REPLAY", "signed_in"), reasons, all.toString());
        for (int i = 1; i < all.size(); i++) {
            assertFalse(Instant.parse(all.path(i).path("at").asText()).isAfter(Instant.parse(all.path(i - 1).path("at").asText())),
                    "newest first");
        }
        JsonNode two = attempts(saml, 2);
        assertEquals(2, two.size());
        assertEquals(all.path(0).path("id").asText(), two.path(0).path("id").asText());
        assertEquals(all.path(1).path("id").asText(), two.path(1).path("id").asText());
    }

    @Test
    void anUnknownUserWithJitOffIsRefusedAtTheUserCheck() {
        Saml saml = Saml.project(Api.admin(base), false);
        saml.post(new Browser(), saml.response(Saml.person("stranger@example.com")));
        JsonNode attempt = latest(saml);
        String detail = refusedAt(attempt, "UNKNOWN_USER", "User").path("detail").asText();
        assertTrue(detail.contains("stranger@example.com"), detail);
        assertEquals("stranger@example.com", attempt.path("userName").asText());
        assertTrue(names(attempt).contains("Replay"), "the checks before the user's passed: " + names(attempt));
    }

    @ParameterizedTest(name = "limit={0}")
    @ValueSource(strings = {"0", "-1", "501", "ten", "1.5", "99999999999999999999"})
    void aBadLimitIsRefusedInTheApisJson(String limit) {
        Api api = Api.admin(base);
        String project = Fixtures.project(api);
        Api.Reply reply = api.get("/api/v1/projects/" + project + "/sign-in-attempts?limit=" + limit);
        assertEquals(400, reply.status(), reply.text());
        assertTrue(reply.json().path("message").asText().contains("limit"), reply.text());
    }

    @Test
    void anotherProjectsTraceIsNotReadable() throws Exception {
        Api api = Api.admin(base);
        Saml a = Saml.project(api, true);
        Saml b = Saml.project(api, true);
        b.post(new Browser(), b.response(Saml.person("bob@example.com")));
        String bAttempt = latest(b).path("id").asText();
        assertEquals(0, attempts(a, 50).size(), "A sees none of B's attempts");
        assertEquals(404, api.get("/api/v1/projects/" + a.projectId + "/sign-in-attempts/" + bAttempt).status());
        assertEquals(200, api.get("/api/v1/projects/" + b.projectId + "/sign-in-attempts/" + bAttempt).status());
        assertEquals(404, api.get("/api/v1/projects/no-such-project/sign-in-attempts").status());
        assertEquals(401, Api.withKey(base, "gha_not_a_key").get("/api/v1/projects/" + b.projectId + "/sign-in-attempts").status());

        Api application = Api.withKey(base, applicationToken(api, a.projectId));
        assertEquals(401, application.get("/api/v1/projects/" + b.projectId + "/sign-in-attempts").status(),
                "A's application credential is no key to B");
        assertEquals(403, application.get("/api/v1/projects/" + a.projectId + "/sign-in-attempts").status(),
                "nor to A's trace: it reads the directory only");
    }

    /** The fingerprint of the IdP's certificate, as the project's SSO settings JSON reports it. */
    static String metadataFingerprint(Saml saml) {
        JsonNode certificates = saml.api.get("/api/v1/projects/" + saml.projectId + "/sso").json().path("idpCertificates");
        assertEquals(1, certificates.size(), certificates.toString());
        return certificates.path(0).path("fingerprint").asText();
    }

    /** An application's directory.read token (client credentials grant), as an application of the project gets it. */
    static String applicationToken(Api admin, String project) throws Exception {
        var body = object("name", Api.unique("Reader"));
        body.putArray("redirectUris").add("http://localhost:1/callback");
        Api.Reply app = admin.post("/api/v1/projects/" + project + "/applications", body);
        assertEquals(201, app.status(), app.text());
        HttpClient http = HttpClient.newHttpClient();
        String issuer = app.json().path("issuer").asText();
        JsonNode discovery = Api.JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(issuer + "/.well-known/openid-configuration"))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
        String basic = Base64.getEncoder().encodeToString((app.json().path("clientId").asText() + ":"
                + app.json().path("clientSecret").asText()).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(discovery.path("token_endpoint").asText()))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, token.statusCode(), token.body());
        return Api.JSON.readTree(token.body()).path("access_token").asText();
    }
}
