package io.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HealthIT {

    @ArquillianResource
    URL base;

    @Test
    void liveAndReadyWithTheConfiguredDatabase() {
        Api anonymous = Api.withKey(base, null);
        assertEquals(200, anonymous.get("/health/live").status());
        Api.Reply ready = anonymous.get("/health/ready");
        assertEquals(200, ready.status(), ready.text());
        assertTrue(ready.json().path("database").asText().toLowerCase().contains(System.getProperty("it.db").substring(0, 2)),
                "ready names the database under test: " + ready.text());
    }
}
