package io.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URL;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Microsoft Entra ID's provisioning requests, copied in shape from Microsoft's "Develop and plan
 * provisioning for a SCIM endpoint" (its request/response examples) and "Known issues and
 * resolutions with SCIM 2.0 protocol compliance" (capitalised ops, booleans as strings, value
 * filter paths, remove-with-value for members).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ScimEntraIT {
    private static final String ENTRA_USER = """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
             "externalId":"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef","userName":"Test_User_ab6490ee@testuser.com","active":true,
             "emails":[{"primary":true,"type":"work","value":"Test_User_fd0ea19b@testuser.com"}],
             "meta":{"resourceType":"User"},
             "name":{"formatted":"givenName familyName","familyName":"familyName","givenName":"givenName"},
             "roles":[],
             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Research","employeeNumber":"42"}}
            """;


    @ArquillianResource
    URL base;

    @Test
    void userLifecycle() {
        Scim scim = Scim.forNewProject(base);
        Api.Reply none = scim.filter("Users", "userName eq \"Test_User_ab6490ee@testuser.com\"");
        assertEquals(0, none.json().path("totalResults").asInt());
        assertEquals(0, none.json().path("Resources").size());

        Api.Reply created = scim.post("/Users", ENTRA_USER);
        assertEquals(201, created.status(), created.text());
        String id = created.id();
        assertEquals("Research", created.json().path(Scim.ENTERPRISE).path("department").asText());
        assertTrue(created.json().path("schemas").toString().contains(Scim.ENTERPRISE));

        Api.Reply byExternalId = scim.filter("Users", "externalId eq \"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef\"");
        assertEquals(id, byExternalId.json().path("Resources").get(0).path("id").asText(), byExternalId.text());
        assertEquals(0, scim.filter("Users", "externalId eq \"0A21F0F2-8D2A-4F8E-BF98-7363C4AED4EF\"").json()
                .path("totalResults").asInt(), "externalId is case-exact");

        Api.Reply update = scim.patch("/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
                 {"op":"Replace","path":"emails[type eq \\"work\\"].value","value":"updatedEmail@microsoft.com"},
                 {"op":"Replace","path":"name.familyName","value":"updatedFamilyName"},
                 {"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":"Sales"},
                 {"op":"Add","path":"title","value":"Engineer"},
                 {"op":"Replace","path":"externalId","value":"new-external-id"}]}""");
        assertEquals(200, update.status(), update.text());
        JsonNode user = update.json();
        assertEquals("updatedEmail@microsoft.com", user.path("emails").get(0).path("value").asText());
        assertEquals(1, user.path("emails").size());
        assertEquals("updatedFamilyName", user.path("name").path("familyName").asText());
        assertEquals("Sales", user.path(Scim.ENTERPRISE).path("department").asText());
        assertEquals("42", user.path(Scim.ENTERPRISE).path("employeeNumber").asText());
        assertEquals("Engineer", user.path("title").asText());
        assertEquals(id, scim.filter("Users", "emails[type eq \"work\" and value eq \"UPDATEDEMAIL@microsoft.com\"]").json()
                .path("Resources").get(0).path("id").asText());

        // "Add" to a work e-mail that exists replaces it (Entra sends Add for updates)
        Api.Reply add = scim.patch("/Users/" + id, Scim.patchOf(Scim.op("Add", "emails[type eq \"work\"].value", "third@microsoft.com")));
        assertEquals(200, add.status(), add.text());
        assertEquals("third@microsoft.com", add.json().path("emails").get(0).path("value").asText());

        // disable with the boolean as a string, capitalised op
        Api.Reply disabled = scim.patch("/Users/" + id, Scim.patchOf(Scim.op("Replace", "active", "False")));
        assertEquals(200, disabled.status(), disabled.text());
        assertFalse(disabled.json().path("active").asBoolean());
        assertTrue(disabled.json().path("active").isBoolean());
        Api.Reply enabled = scim.patch("/Users/" + id, Scim.patchOf(Scim.op("Replace", "active", "True")));
        assertTrue(enabled.json().path("active").asBoolean());

        // manager named without its URN, then removed
        Api.Reply manager = scim.patch("/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
                 {"op":"Add","path":"manager","value":{"value":"2819c223-7f76-453a-919d-413861904646"}}]}""");
        assertEquals(200, manager.status(), manager.text());
        assertEquals("2819c223-7f76-453a-919d-413861904646", manager.json().path(Scim.ENTERPRISE).path("manager").path("value").asText());
        Api.Reply noManager = scim.patch("/Users/" + id, Scim.patchOf(Scim.op("Remove",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", null)));
        assertEquals(200, noManager.status(), noManager.text());
        assertFalse(noManager.json().path(Scim.ENTERPRISE).has("manager"));

        assertEquals(204, scim.delete("/Users/" + id).status());
        assertEquals(404, scim.get("/Users/" + id).status());
    }

    @Test
    void groupLifecycle() {
        Scim scim = Scim.forNewProject(base);
        String u1 = scim.post("/Users", ENTRA_USER).id();
        String u2 = scim.post("/Users", Scim.oktaUser("second@testuser.com", "Sec", "Ond")).id();
        Api.Reply created = scim.post("/Groups", """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group","http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/Group"],
                 "externalId":"8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159","displayName":"displayName","meta":{"resourceType":"Group"}}""");
        assertEquals(201, created.status(), created.text());
        String group = created.id();
        assertEquals(0, created.json().path("members").size());

        Api.Reply found = scim.get("/Groups?excludedAttributes=members&filter=" + Scim.encode("displayName eq \"displayName\""));
        assertEquals(group, found.json().path("Resources").get(0).path("id").asText(), found.text());
        assertFalse(found.json().path("Resources").get(0).has("members"));
        Api.Reply one = scim.get("/Groups/" + group + "?excludedAttributes=members");
        assertEquals(200, one.status());
        assertFalse(one.json().has("members"));

        Api.Reply add = scim.patch("/Groups/" + group, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
                 {"op":"Add","path":"members","value":[{"$ref":null,"value":"%s"},{"$ref":null,"value":"%s"}]}]}""".formatted(u1, u2));
        assertEquals(204, add.status(), add.text());
        assertEquals(2, scim.get("/Groups/" + group).json().path("members").size());

        Api.Reply remove = scim.patch("/Groups/" + group, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
                 {"op":"Remove","path":"members","value":[{"$ref":null,"value":"%s"}]}]}""".formatted(u1));
        assertEquals(204, remove.status(), remove.text());
        JsonNode members = scim.get("/Groups/" + group).json().path("members");
        assertEquals(1, members.size());
        assertEquals(u2, members.get(0).path("value").asText());

        Api.Reply rename = scim.patch("/Groups/" + group, Scim.patchOf(
                Scim.op("Replace", "displayName", "1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName")));
        assertEquals(204, rename.status(), rename.text());
        assertEquals("1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName",
                scim.get("/Groups/" + group).json().path("displayName").asText());

        assertEquals(204, scim.delete("/Groups/" + group).status());
        assertEquals(200, scim.get("/Users/" + u2).status(), "users survive their group");
    }

    @Test
    void patchIsAllOrNothing() {
        Scim scim = Scim.forNewProject(base);
        String id = scim.post("/Users", ENTRA_USER).id();
        String before = scim.get("/Users/" + id).json().path("meta").path("version").asText();
        Api.Reply refused = scim.patch("/Users/" + id, Scim.patchOf(
                Scim.op("Replace", "displayName", "Changed"),
                Scim.op("Replace", "active", "maybe")));
        assertEquals(400, refused.status(), refused.text());
        JsonNode after = scim.get("/Users/" + id).json();
        assertFalse(after.has("displayName") && after.path("displayName").asText().equals("Changed"), "first op rolled back");
        assertEquals(before, after.path("meta").path("version").asText());

        String group = scim.post("/Groups", Scim.group("Atomic")).id();
        Api.Reply half = scim.patch("/Groups/" + group, Scim.patchOf(
                Scim.op("Add", "members", Scim.memberValues(id)),
                Scim.op("Replace", "nonsense", "x")));
        assertEquals(400, half.status(), half.text());
        assertEquals(0, scim.get("/Groups/" + group).json().path("members").size(), "the add was rolled back");
    }
}
