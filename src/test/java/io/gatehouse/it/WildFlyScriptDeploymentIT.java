package io.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The deployment server-config/wildfly/gatehouse.cli makes (the wildfly-* runs only). The build runs
 * the operator's script with this build's gatehouse-ee.war before Arquillian starts WildFly, so Gatehouse
 * is at /gatehouse, where README's WildFly steps say, beside the suite's own deployment (/gatehouse-ee).
 * Without the script's deploy step nothing answers there.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WildFlyScriptDeploymentIT {

    @ArquillianResource
    URL base;

    @Test
    void theScriptsDeploymentAnswersAtGatehouseOnTheSharedDatabase() throws Exception {
        URL scripted = new URL(base, "/gatehouse/");
        assertNotEquals(scripted.getPath(), base.getPath(), "the suite's own deployment is not the one to check");

        Api.Reply ready = Api.withKey(scripted, null).get("/health/ready");
        assertEquals(200, ready.status(), ready.text());
        // on the data source the script made for this run's database (HealthIT's check)
        assertTrue(ready.json().path("database").asText().toLowerCase().contains(System.getProperty("it.db").substring(0, 2)),
                ready.text());

        // the same data source as the suite's copy: what one writes, the other reads
        String name = Api.unique("Scripted");
        Api.Reply created = Api.admin(base).post("/api/v1/projects", Api.object("name", name));
        assertEquals(201, created.status(), created.text());
        Api.Reply read = Api.admin(scripted).get("/api/v1/projects/" + created.id());
        assertEquals(200, read.status(), read.text());
        assertEquals(name, read.json().path("name").asText());
    }
}
