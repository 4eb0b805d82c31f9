package io.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Tomcat that serves the suite is the version the run is meant to test (it.tomcat.version: 10.1 for
 * the h2, postgresql and mariadb runs, 11 for the tomcat11-* runs), so a wrong home or port in the
 * build cannot pass a Tomcat 11 run on Tomcat 10.1. Asked of the manager application Arquillian
 * deploys through; Gatehouse's own pages do not tell the server's version.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class TomcatVersionIT {
    // the test-only manager account of src/test/tomcat/tomcat-users.xml (also arquillian.xml's user/pass)
    private static final String MANAGER = "Basic " + Base64.getEncoder()
            .encodeToString("arquillian:arquillian".getBytes(StandardCharsets.UTF_8));

    @ArquillianResource
    URL base;

    @Test
    void theServerIsTheTomcatOfThisRun() throws Exception {
        Api manager = Api.withKey(new URL(base, "/manager/text"), null);
        Api.Reply info = manager.send("GET", "/serverinfo", null, Map.of("Authorization", MANAGER, "Accept", "text/plain"));
        assertEquals(200, info.status(), info.text());
        String expected = "Tomcat Version: [Apache Tomcat/" + System.getProperty("it.tomcat.version") + "]";
        assertTrue(info.text().contains(expected), "expected " + expected + " in " + info.text());
    }
}
