package io.gatehouse.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A SCIM client for the tests: a project's SCIM token, {@code application/scim+json} bodies. */
public final class Scim {
    public static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    public static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
    public static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    public static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    public final Api api;
    public final String project;
    public final String token;

    private Scim(Api api, String project, String token) {
        this.api = api;
        this.project = project;
        this.token = token;
    }

    /** A new project with a SCIM token, and a client using it. */
    public static Scim forNewProject(URL base) {
        Api admin = Api.admin(base);
        String project = Fixtures.project(admin);
        String token = Fixtures.scimToken(admin, project);
        return new Scim(Api.withKey(base, token), project, token);
    }

    public static Scim withToken(URL base, String project, String token) {
        return new Scim(Api.withKey(base, token), project, token);
    }

    public Api.Reply get(String path) {
        return api.send("GET", "/scim/v2" + path, null, Map.of("Accept", "application/scim+json"));
    }

    public Api.Reply post(String path, Object body) {
        return api.send("POST", "/scim/v2" + path, body, Map.of("Content-Type", "application/scim+json"));
    }

    public Api.Reply put(String path, Object body) {
        return api.send("PUT", "/scim/v2" + path, body, Map.of("Content-Type", "application/scim+json"));
    }

    public Api.Reply put(String path, Object body, String ifMatch) {
        return api.send("PUT", "/scim/v2" + path, body, Map.of("Content-Type", "application/scim+json", "If-Match", ifMatch));
    }

    public Api.Reply patch(String path, Object body) {
        return api.send("PATCH", "/scim/v2" + path, body, Map.of("Content-Type", "application/scim+json"));
    }

    public Api.Reply patch(String path, Object body, String ifMatch) {
        return api.send("PATCH", "/scim/v2" + path, body, Map.of("Content-Type", "application/scim+json", "If-Match", ifMatch));
    }

    public Api.Reply delete(String path) {
        return api.send("DELETE", "/scim/v2" + path, null, Map.of());
    }

    public Api.Reply filter(String resource, String filter) {
        return get("/" + resource + "?filter=" + encode(filter));
    }

    public static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A user as Okta's create sends it. */
    public static ObjectNode oktaUser(String userName, String given, String family) {
        ObjectNode user = Api.JSON.createObjectNode();
        user.putArray("schemas").add(USER);
        user.put("userName", userName);
        user.putObject("name").put("givenName", given).put("familyName", family);
        user.putArray("emails").addObject().put("primary", true).put("value", userName).put("type", "work");
        user.put("displayName", given + " " + family);
        user.put("locale", "en-US");
        user.put("externalId", "00u" + userName.hashCode());
        user.putArray("groups");
        user.put("password", "t1meMa$heen");
        user.put("active", true);
        return user;
    }

    public static ObjectNode group(String displayName, String... memberIds) {
        ObjectNode group = Api.JSON.createObjectNode();
        group.putArray("schemas").add(GROUP);
        group.put("displayName", displayName);
        ArrayNode members = group.putArray("members");
        for (String id : memberIds) {
            members.addObject().put("value", id);
        }
        return group;
    }

    /** A PatchOp request of the given operations. */
    public static ObjectNode patchOf(JsonNode... operations) {
        ObjectNode patch = Api.JSON.createObjectNode();
        patch.putArray("schemas").add(PATCH_OP);
        ArrayNode list = patch.putArray("Operations");
        for (JsonNode operation : operations) {
            list.add(operation);
        }
        return patch;
    }

    public static ObjectNode op(String op, String path, Object value) {
        ObjectNode operation = Api.JSON.createObjectNode().put("op", op);
        if (path != null) {
            operation.put("path", path);
        }
        if (value != null) {
            operation.set("value", Api.JSON.valueToTree(value));
        }
        return operation;
    }

    public static ObjectNode members(String... ids) {
        ObjectNode holder = Api.JSON.createObjectNode();
        ArrayNode list = holder.putArray("members");
        for (String id : ids) {
            list.addObject().put("value", id);
        }
        return holder;
    }

    public static ArrayNode memberValues(String... ids) {
        ArrayNode list = Api.JSON.createArrayNode();
        for (String id : ids) {
            list.addObject().put("value", id);
        }
        return list;
    }
}
