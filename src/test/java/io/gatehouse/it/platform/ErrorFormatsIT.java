package io.gatehouse.it.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.it.Api;
import io.gatehouse.it.Fixtures;
import io.gatehouse.it.RawHttp;
import java.net.URL;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Errors on /scim/v2 and /api/v1 come in the protocol's own JSON, also those the application code
 * never sees: what the container refuses (an undecodable or encoded-slash URI, TRACE), what JAX-RS
 * refuses before a resource method (an empty Content-Type), unmapped paths. Sent as raw HTTP, since
 * no HTTP client sends such requests. On every server of the matrix; what the HTTP listener itself
 * refuses before any handler runs is JSON on Tomcat (the ProtocolErrorReportValve), while WildFly
 * (Undertow) and Payara (Grizzly) answer those with a bare status and an empty body, no page at all,
 * which is all these servers allow there (README, "Errors").
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ErrorFormatsIT {
    private static final String SCIM_ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

    @ArquillianResource
    URL base;

    private String path(String rest) {
        return base.getPath() + rest;
    }

    private RawHttp.Reply send(String method, String rest, String headers, String body) throws Exception {
        return RawHttp.send(base, method + " " + path(rest) + " HTTP/1.1", headers, body);
    }

    private String scimAuth() {
        Api admin = Api.admin(base);
        return "Authorization: Bearer " + Fixtures.scimToken(admin, Fixtures.project(admin)) + "\r\n";
    }

    @Test
    void anEmptyContentTypeOnAScimPostIsRefusedInScimJson() throws Exception {
        RawHttp.Reply reply = send("POST", "scim/v2/Users", scimAuth() + "Content-Type: \r\n",
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"empty-type@example.com\"}");
        assertTrue(reply.status() == 400 || reply.status() == 415, reply.toString());
        assertScimError(reply, reply.status());
    }

    @Test
    void anUndecodablePercentEncodingIsRefusedInTheProtocolsJson() throws Exception {
        assertContainerRefusal(send("GET", "scim/v2/Users/%zz", scimAuth(), ""), true, 400);
        assertContainerRefusal(send("GET", "api/v1/projects/%zz", "", ""), false, 400);
    }

    @Test
    void anEncodedSlashOrBackslashIsRefusedInTheProtocolsJson() throws Exception {
        // Tomcat refuses them (400); WildFly passes them on and Gatehouse answers 401
        assertContainerRefusal(send("GET", "scim/v2/Users/..%2f..%2fapi", "", ""), true, 0);
        assertContainerRefusal(send("GET", "api/v1/projects/%5c..%5c", "", ""), false, 0);
    }

    @Test
    void traceIsRefusedInTheProtocolsJson() throws Exception {
        RawHttp.Reply scim = send("TRACE", "scim/v2/Users", "", "");
        assertTrue(scim.status() == 405 || scim.status() == 501, scim.toString());
        assertContainerRefusal(scim, true, scim.status());
        RawHttp.Reply api = send("TRACE", "api/v1/projects", "", "");
        assertTrue(api.status() == 405 || api.status() == 501, api.toString());
        assertContainerRefusal(api, false, api.status());
    }

    @Test
    void unknownPathsAndMethodsAreAnsweredInTheProtocolsJson() throws Exception {
        assertScimError(send("GET", "scim/v2/NoSuchResource", scimAuth(), ""), 404);
        assertApiError(send("GET", "api/v1/no-such-resource", "Authorization: Bearer " + Api.adminKey() + "\r\n", ""), 404);
        assertScimError(send("PATCH", "scim/v2/ServiceProviderConfig", scimAuth() + "Content-Type: application/scim+json\r\n",
                "{}"), 405);
    }

    @Test
    void overLongHeadersAreRefusedInTheProtocolsJson() throws Exception {
        String huge = "X-Filler: " + "a".repeat(70_000) + "\r\n";
        // over Tomcat's 8 KB limit (400); within WildFly's 1 MB, where Gatehouse answers 401
        assertContainerRefusal(send("GET", "scim/v2/Users", huge, ""), true, 0);
        assertContainerRefusal(send("GET", "api/v1/projects", huge, ""), false, 0);
    }

    @Test
    void elsewhereTheErrorIsAReadablePageWithoutInternals() throws Exception {
        RawHttp.Reply reply = send("GET", "no-such-page/%zz", "", "");
        if (onTomcat()) {
            assertEquals(400, reply.status(), reply.toString());
        }
        assertTrue(reply.status() < 500, reply.toString());
        assertNoInternals(reply);
    }

    private static boolean onTomcat() {
        return System.getProperty("arquillian.launch", "tomcat").startsWith("tomcat");
    }

    /**
     * What the server refuses before Gatehouse: the protocol's JSON (with this status, unless 0), or on
     * WildFly and Payara, whose listeners write no body there, a bare refusal with an empty body.
     */
    private static void assertContainerRefusal(RawHttp.Reply reply, boolean scim, int status) throws Exception {
        if (!onTomcat() && reply.body().isEmpty()) {
            assertTrue(reply.status() < 500, reply.toString());
            return;
        }
        int expected = status == 0 ? reply.status() : status;
        if (scim) {
            assertScimError(reply, expected);
        } else {
            assertApiError(reply, expected);
        }
    }

    private static void assertScimError(RawHttp.Reply reply, int status) throws Exception {
        assertEquals(status, reply.status(), reply.toString());
        assertTrue(status >= 400 && status < 500, reply.toString());
        assertTrue(String.valueOf(reply.header("Content-Type")).contains("json"), reply.toString());
        JsonNode json = Api.JSON.readTree(reply.body());
        assertEquals(SCIM_ERROR, json.path("schemas").path(0).asText(), reply.toString());
        assertEquals(String.valueOf(status), json.path("status").asText(), reply.toString());
        assertFalse(json.path("detail").asText().isEmpty(), reply.toString());
        assertNoInternals(reply);
    }

    private static void assertApiError(RawHttp.Reply reply, int status) throws Exception {
        assertEquals(status, reply.status(), reply.toString());
        assertTrue(status >= 400 && status < 500, reply.toString());
        assertTrue(String.valueOf(reply.header("Content-Type")).contains("json"), reply.toString());
        JsonNode json = Api.JSON.readTree(reply.body());
        assertEquals(status, json.path("status").asInt(), reply.toString());
        assertFalse(json.path("error").asText().isEmpty(), reply.toString());
        assertFalse(json.path("message").asText().isEmpty(), reply.toString());
        assertNoInternals(reply);
    }

    private static void assertNoInternals(RawHttp.Reply reply) {
        for (String leak : new String[] {"Exception", "\tat ", "Apache Tomcat", "Undertow", "Payara", "GlassFish", "Grizzly"}) {
            assertFalse(reply.body().contains(leak), "leaks " + leak + ": " + reply);
        }
    }
}
