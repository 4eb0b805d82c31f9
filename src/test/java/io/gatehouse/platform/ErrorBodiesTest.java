package io.gatehouse.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorBodiesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @CsvSource({
            "/scim/v2/Users, 400, scim", "/gatehouse/scim/v2/Users/%zz, 400, scim", "/gatehouse/scim/v2, 405, scim",
            "/scim/v2?x=1, 414, scim", "/api/v1/projects, 404, api", "/gatehouse-ee/api/v1/projects/x, 431, api",
            "/gatehouse/api/v1, 503, api", "/gatehouse/console/x, 400, none", "/a/b/scim/v2/Users, 400, none",
            "/gatehouse/scim/v20, 400, none", "/api/v10/x, 404, none", "/, 404, none"})
    void theBodyFollowsThePathsProtocol(String path, int status, String protocol) throws Exception {
        var body = ErrorBodies.forPath(path, status);
        assertEquals(!protocol.equals("none"), body.isPresent(), path);
        if (body.isEmpty()) {
            return;
        }
        JsonNode json = JSON.readTree(body.get().json());
        if (protocol.equals("scim")) {
            assertTrue(body.get().contentType().startsWith("application/scim+json"));
            assertEquals(ErrorBodies.SCIM_ERROR_SCHEMA, json.path("schemas").path(0).asText());
            assertEquals(String.valueOf(status), json.path("status").asText());
            assertTrue(json.path("status").isTextual(), "SCIM's status is a string");
            assertTrue(!json.path("detail").asText().isEmpty());
            assertEquals(status == 400 ? "invalidValue" : "", json.path("scimType").asText(), "scimType only on a 400");
        } else {
            assertTrue(body.get().contentType().startsWith("application/json"));
            assertEquals(status, json.path("status").asInt());
            assertEquals(ErrorBodies.apiCode(status), json.path("error").asText());
            assertTrue(!json.path("message").asText().isEmpty());
        }
    }
}
