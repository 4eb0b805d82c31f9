package io.gatehouse.it;

import static io.gatehouse.it.Api.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The management API contract, call by call, as the README's curl examples use it. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ManagementApiIT {
    static final String IDP_METADATA = """
            <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example.test">
              <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
                <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
                    Location="https://idp.example.test/sso"/>
              </md:IDPSSODescriptor>
            </md:EntityDescriptor>""";


    @ArquillianResource
    URL base;

    @Test
    void projectIsCreatedWithSamlTokenAndDefaultRole() {
        Api api = Api.admin(base);
        String name = Api.unique("Acme");
        Api.Reply created = api.post("/api/v1/projects", object("name", name));
        assertEquals(201, created.status(), created.text());
        JsonNode project = created.json();
        assertEquals(name, project.path("name").asText());
        assertTrue(project.path("samlToken").asText().length() >= 40, "an unguessable SAML token");
        assertNotNull(created.header("Location"));
        String defaultRoleId = project.path("defaultRoleId").asText();
        JsonNode roles = api.get("/api/v1/projects/" + created.id() + "/roles").json();
        assertEquals(1, roles.size());
        assertEquals(defaultRoleId, roles.get(0).path("id").asText());

        assertEquals(name, api.get("/api/v1/projects/" + created.id()).json().path("name").asText());
        boolean listed = false;
        for (JsonNode p : api.get("/api/v1/projects").json()) {
            listed |= p.path("id").asText().equals(created.id());
        }
        assertTrue(listed);
        assertEquals(409, api.post("/api/v1/projects", object("name", name.toUpperCase())).status(),
                "project names are unique, case-insensitively");
        assertEquals(400, api.post("/api/v1/projects", object("name", "  ")).status());
    }

    @Test
    void rolesAreCreatedRenamedAndProtectedWhileInUse() {
        Api api = Api.admin(base);
        String project = Fixtures.project(api);
        String p = "/api/v1/projects/" + project;
        Api.Reply editor = api.post(p + "/roles", object("name", "Editor", "admin", false));
        assertEquals(201, editor.status(), editor.text());
        Api.Reply admin = api.post(p + "/roles", object("name", "Admin", "admin", true));
        assertTrue(admin.json().path("admin").asBoolean());
        assertEquals(409, api.post(p + "/roles", object("name", "editor")).status(), "role names are unique per project");

        Api.Reply renamed = api.put(p + "/roles/" + editor.id(), object("name", "Blog Contributor"));
        assertEquals(200, renamed.status(), renamed.text());
        assertEquals("Blog Contributor", renamed.json().path("name").asText());

        String group = api.post(p + "/groups", object("displayName", "Writers", "roleId", editor.id())).id();
        Api.Reply inUse = api.delete(p + "/roles/" + editor.id());
        assertEquals(409, inUse.status());
        assertTrue(inUse.json().path("message").asText().contains("Writers"), inUse.text());

        String defaultRole = api.get(p).json().path("defaultRoleId").asText();
        Api.Reply isDefault = api.delete(p + "/roles/" + defaultRole);
        assertEquals(409, isDefault.status());
        assertTrue(isDefault.json().path("message").asText().contains("default role"));

        assertEquals(200, api.put(p + "/groups/" + group, object("roleId", null)).status());
        assertEquals(204, api.delete(p + "/roles/" + editor.id()).status());
        assertEquals(404, api.get(p + "/roles/" + editor.id()).status());
    }

    @Test
    void ssoSettingsGiveTheUrlsToPasteAndValidateMetadata() {
        Api api = Api.admin(base);
        String project = Fixtures.project(api);
        String p = "/api/v1/projects/" + project;
        String editor = api.post(p + "/roles", object("name", "Editor")).id();
        Api.Reply sso = api.put(p + "/sso", object("idpMetadataUrl", "https://idp.example.test/app/metadata",
                "defaultRoleId", editor, "jitEnabled", true));
        assertEquals(200, sso.status(), sso.text());
        String token = api.get(p).json().path("samlToken").asText();
        JsonNode s = sso.json();
        assertTrue(s.path("entityId").asText().endsWith("/sso/" + token + "/saml/metadata"), s.toString());
        assertTrue(s.path("entityId").asText().startsWith("http"), s.toString());
        assertTrue(s.path("acsUrl").asText().endsWith("/sso/" + token + "/saml/consume"));
        assertTrue(s.path("signOnUrl").asText().endsWith("/sso/" + project + "/saml/init"));
        assertEquals(editor, s.path("defaultRoleId").asText());
        assertTrue(s.path("jitEnabled").asBoolean());
        assertEquals(editor, api.get(p).json().path("defaultRoleId").asText());

        Api.Reply xml = api.put(p + "/sso", object("idpMetadataXml", IDP_METADATA));
        assertEquals(200, xml.status(), xml.text());
        assertTrue(xml.json().path("idpMetadataXmlUploaded").asBoolean());
        assertTrue(xml.json().path("idpMetadataUrl").isMissingNode(), "XML replaces the URL");

        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE md [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\">&x;</md:EntityDescriptor>";
        Api.Reply refused = api.put(p + "/sso", object("idpMetadataXml", xxe));
        assertEquals(400, refused.status());
        assertFalse(refused.text().contains("root:"), "no file content leaks");
        assertEquals(400, api.put(p + "/sso", object("idpMetadataXml", "<html/>")).status());
        assertEquals(400, api.put(p + "/sso", object("idpMetadataUrl", "file:///etc/passwd")).status());
        assertEquals(400, api.put(p + "/sso", object("idpMetadataUrl", "https://a", "idpMetadataXml", IDP_METADATA)).status());
        assertEquals(404, api.put(p + "/sso", object("defaultRoleId", "no-such-role")).status());
        assertEquals(400, api.put(p + "/sso", object("jitEnabled", "yes")).status());
    }

    @Test
    void scimTokensAreShownOnceRotatedWithOverlapAndRevoked() {
        Api api = Api.admin(base);
        String p = "/api/v1/projects/" + Fixtures.project(api);
        Api.Reply generated = api.post(p + "/scim-tokens", null);
        assertEquals(201, generated.status(), generated.text());
        String secret = generated.json().path("token").asText();
        assertTrue(secret.length() > 40);
        JsonNode listed = api.get(p + "/scim-tokens").json();
        assertEquals(1, listed.size());
        assertTrue(listed.get(0).path("token").isMissingNode(), "the clear token is never shown again");
        assertFalse(api.get(p + "/scim-tokens").text().contains(secret));

        Api.Reply rotated = api.post(p + "/scim-tokens/" + generated.id() + "/rotate", null);
        assertEquals(201, rotated.status(), rotated.text());
        assertNotEquals(secret, rotated.json().path("token").asText());
        assertEquals(generated.id(), rotated.json().path("replacesId").asText());
        JsonNode both = api.get(p + "/scim-tokens").json();
        assertEquals(2, both.size());
        both.forEach(t -> assertTrue(t.path("revokedAt").isMissingNode(), "old and new both active until revoked"));

        assertEquals(204, api.delete(p + "/scim-tokens/" + generated.id()).status());
        long revoked = 0;
        for (JsonNode t : api.get(p + "/scim-tokens").json()) {
            revoked += t.path("revokedAt").isMissingNode() ? 0 : 1;
        }
        assertEquals(1, revoked);
        assertEquals(409, api.post(p + "/scim-tokens/" + generated.id() + "/rotate", null).status());
        assertEquals(404, api.delete(p + "/scim-tokens/unknown").status());
    }

    @Test
    void regularUsersAreListedWithRoleAndSyncedIntoSsoUsers() {
        Api api = Api.admin(base);
        String p = "/api/v1/projects/" + Fixtures.project(api);
        Api.Reply created = api.post(p + "/users", object("userName", "Ada@Example.com", "givenName", "Ada",
                "familyName", "Lovelace", "password", "correct horse battery"));
        assertEquals(201, created.status(), created.text());
        assertFalse(created.text().contains("password"), "no password or hash in responses");
        assertEquals("REGULAR", created.json().path("origin").asText());
        api.post(p + "/users", object("userName", "bob@example.com", "password", "another long secret"));
        assertEquals(400, api.post(p + "/users", object("userName", "not-an-email", "password", "long enough pw")).status());
        assertEquals(400, api.post(p + "/users", object("userName", "c@example.com", "password", "short")).status());

        JsonNode found = api.get(p + "/users?userName=ada@EXAMPLE.com").json();
        assertEquals(1, found.path("total").asInt(), found.toString());
        JsonNode ada = found.path("items").get(0);
        assertEquals("Member", ada.path("effectiveRole").asText());
        assertTrue(ada.path("roleReason").asText().startsWith("Default role"), ada.toString());

        Api.Reply sync = api.post(p + "/sync-regular-users", null);
        assertEquals(200, sync.status(), sync.text());
        assertEquals(2, sync.json().path("converted").asInt());
        JsonNode all = api.get(p + "/users").json();
        assertEquals(2, all.path("total").asInt());
        all.path("items").forEach(u -> {
            assertEquals("SYNCED", u.path("origin").asText());
            assertTrue(u.path("synced").asBoolean());
        });
        assertEquals(0, api.post(p + "/sync-regular-users", null).json().path("converted").asInt(), "idempotent");
        assertEquals(409, api.put(p + "/users/" + created.id(), object("password", "a new long password")).status(),
                "SSO users have no local password");
    }

    @Test
    void everyChangeIsAuditedNewestFirst() {
        Api api = Api.admin(base);
        String p = "/api/v1/projects/" + Fixtures.project(api);
        api.post(p + "/roles", object("name", "Editor"));
        api.post(p + "/groups", object("displayName", "Engineering"));
        api.post(p + "/scim-tokens", null);
        JsonNode events = api.get(p + "/audit").json().path("items");
        List<String> actions = new ArrayList<>();
        events.forEach(e -> actions.add(e.path("action").asText()));
        assertEquals(List.of("scim-token.generate", "group.create", "role.create", "project.create", "role.create"), actions);
        events.forEach(e -> {
            assertEquals("ADMIN", e.path("source").asText());
            assertEquals("api-key:bootstrap", e.path("actor").asText());
        });
        JsonNode page = api.get(p + "/audit?limit=2").json();
        assertEquals(2, page.path("items").size());
        JsonNode older = api.get(p + "/audit?limit=2&before=" + page.path("nextBefore").asLong()).json();
        assertEquals("role.create", older.path("items").get(0).path("action").asText());
        assertEquals(1, api.get(p + "/audit?action=group.create").json().path("items").size());
        assertEquals(400, api.get(p + "/audit?source=nobody").status());
    }

    @Test
    void errorsAreJsonWithoutStackTraces() {
        Api api = Api.admin(base);
        Api.Reply missing = api.get("/api/v1/projects/does-not-exist");
        assertEquals(404, missing.status());
        assertEquals("Project not found", missing.json().path("message").asText());
        Api.Reply malformed = api.raw("POST", "/api/v1/projects", "{\"name\": ", "application/json");
        assertEquals(400, malformed.status(), malformed.text());
        assertTrue(malformed.json().has("message"));
        Api.Reply wrongShape = api.raw("POST", "/api/v1/projects", "[1,2]", "application/json");
        assertEquals(400, wrongShape.status(), wrongShape.text());
        Api.Reply wrongType = api.raw("POST", "/api/v1/projects", "name=x", "application/x-www-form-urlencoded");
        assertEquals(415, wrongType.status(), wrongType.text());
        Api.Reply unknownPath = api.get("/api/v1/nothing-here");
        assertEquals(404, unknownPath.status());
        assertTrue(unknownPath.json().has("message"));
        Api.Reply notAllowed = api.send("PATCH", "/api/v1/projects", object("name", "x"), java.util.Map.of());
        assertEquals(405, notAllowed.status());
        for (Api.Reply reply : List.of(missing, malformed, wrongShape, wrongType, unknownPath, notAllowed)) {
            assertFalse(reply.text().contains("Exception") || reply.text().contains("\tat "), reply.text());
        }
    }
}
