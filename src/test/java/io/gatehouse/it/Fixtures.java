package io.gatehouse.it;

import static io.gatehouse.it.Api.object;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Test data made through the management API. */
public final class Fixtures {
    private Fixtures() {
    }

    public static String project(Api api) {
        Api.Reply reply = api.post("/api/v1/projects", object("name", Api.unique("Project")));
        assertEquals(201, reply.status(), reply.text());
        return reply.id();
    }

    public static String user(Api api, String project, String userName) {
        Api.Reply reply = api.post("/api/v1/projects/" + project + "/users",
                object("userName", userName, "password", "a long enough password"));
        assertEquals(201, reply.status(), reply.text());
        return reply.id();
    }

    public static String role(Api api, String project, String name) {
        Api.Reply reply = api.post("/api/v1/projects/" + project + "/roles", object("name", name));
        assertEquals(201, reply.status(), reply.text());
        return reply.id();
    }

    public static String group(Api api, String project, String name, String roleId) {
        Api.Reply reply = api.post("/api/v1/projects/" + project + "/groups", object("displayName", name, "roleId", roleId));
        assertEquals(201, reply.status(), reply.text());
        return reply.id();
    }

    public static void addMember(Api api, String project, String group, String user) {
        Api.Reply reply = api.post("/api/v1/projects/" + project + "/groups/" + group + "/members", object("userId", user));
        assertEquals(204, reply.status(), reply.text());
    }

    /** A new SCIM token of the project (the clear token, as the IdP would be configured with). */
    public static String scimToken(Api api, String project) {
        Api.Reply reply = api.post("/api/v1/projects/" + project + "/scim-tokens", null);
        assertEquals(201, reply.status(), reply.text());
        return reply.json().path("token").asText();
    }
}
