package io.gatehouse.it.platform;

import static io.gatehouse.it.Api.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.it.Api;
import io.gatehouse.it.DatabaseProxy;
import io.gatehouse.it.Fixtures;
import java.net.URL;
import java.util.List;
import java.util.function.Supplier;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The database taken away from a running Gatehouse (all its connections reset, new ones refused,
 * through {@link DatabaseProxy}) and given back. While it is away, SCIM and the management API answer
 * fast (the 2 s pool wait at most) with 503, Retry-After and their own error JSON, never a 500 or a
 * hang, /health/ready says 503 and the sign-in pages 503 (not "unknown address"); once it is back, writes
 * succeed again within 1 s. Tomcat on
 * PostgreSQL and MariaDB (OutageDeployment); prints the times it measured.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DatabaseOutageIT {
    private static final long FAST_ANSWER_MS = 3_000;
    private static final long RECOVERY_MS = 1_000;
    private static Deployer deployed;

    @ArquillianResource
    URL base;

    @ArquillianResource
    Deployer deployer;

    @AfterAll
    static void undeploy() {
        if (deployed != null) {
            deployed.undeploy(OutageDeployment.NAME);
            deployed = null;
        }
    }

    @Test
    void whileTheDatabaseIsAwayRequestsGetAFast503AndWritesWorkWithinASecondOfItsReturn() throws Exception {
        Assumptions.assumeTrue(OutageDeployment.applies(), "Tomcat on PostgreSQL or MariaDB");
        Api admin = Api.admin(base);
        String project = Fixtures.project(admin);
        String token = Fixtures.scimToken(admin, project);
        String samlToken = admin.get("/api/v1/projects/" + project + "/sso").json().path("samlToken").asText();
        try (DatabaseProxy proxy = DatabaseProxy.start(Integer.getInteger("it.outage.db.port"), OutageDeployment.databasePort())) {
            deployer.deploy(OutageDeployment.NAME);
            deployed = deployer;
            URL outage = new URL(base, "/" + OutageDeployment.CONTEXT + "/");
            Api scim = Api.withKey(outage, token);
            Api api = Api.admin(outage);
            assertEquals(201, createUser(scim).status(), "a write before the outage");
            assertEquals(200, Api.withKey(outage, null).get("/health/ready").status());

            proxy.cut();
            long slowest = 0;
            for (Supplier<Api.Reply> request : List.<Supplier<Api.Reply>>of(
                    () -> createUser(scim), () -> scim.get("/scim/v2/Users?count=1"),
                    () -> api.get("/api/v1/projects/" + project + "/users"), () -> createUser(scim))) {
                long started = System.nanoTime();
                Api.Reply reply = request.get();
                long took = (System.nanoTime() - started) / 1_000_000;
                slowest = Math.max(slowest, took);
                assertEquals(503, reply.status(), reply.text());
                assertEquals("2", reply.header("Retry-After"), reply.toString());
                assertTrue(took < FAST_ANSWER_MS, "answered in " + took + " ms");
            }
            Api.Reply scimDown = createUser(scim);
            assertEquals("503", scimDown.json().path("status").asText(), "SCIM error JSON: " + scimDown.text());
            assertEquals("urn:ietf:params:scim:api:messages:2.0:Error", scimDown.json().path("schemas").path(0).asText());
            Api.Reply apiDown = api.get("/api/v1/projects/" + project);
            assertEquals("unavailable", apiDown.json().path("error").asText(), apiDown.text());
            assertEquals(503, Api.withKey(outage, null).get("/health/ready").status());
            // the sign-in addresses say "unavailable", not "unknown address"
            Api browser = Api.withKey(outage, null);
            for (String page : List.of("/sso/" + samlToken + "/saml/metadata", "/sso/" + project + "/saml/init",
                    "/app/" + project + "/me")) {
                Api.Reply reply = browser.send("GET", page, null, java.util.Map.of("Accept", "text/html"));
                assertEquals(503, reply.status(), page + ": " + reply.text());
                assertEquals("2", reply.header("Retry-After"), page);
            }

            proxy.restore();
            long back = System.nanoTime();
            int refused = 0;
            Api.Reply written;
            while ((written = createUser(scim)).status() != 201) {
                assertEquals(503, written.status(), written.text());
                refused++;
                assertTrue((System.nanoTime() - back) / 1_000_000 < 10_000, "no write succeeded within 10 s");
                Thread.sleep(20);
            }
            long recovered = (System.nanoTime() - back) / 1_000_000;
            assertEquals(200, Api.withKey(outage, null).get("/health/ready").status());
            System.out.printf("DatabaseOutageIT (%s): slowest answer while down %d ms; first write %d ms after the "
                    + "database returned (%d refused before)%n", System.getProperty("it.db"), slowest, recovered, refused);
            assertTrue(recovered < RECOVERY_MS, "writes work again after " + recovered + " ms");
        }
    }

    private static Api.Reply createUser(Api scim) {
        return scim.send("POST", "/scim/v2/Users", object("schemas", List.of("urn:ietf:params:scim:schemas:core:2.0:User"),
                "userName", Api.unique("outage") + "@example.com"), java.util.Map.of("Content-Type", "application/scim+json"));
    }
}
