package io.gatehouse.it.events;

import static io.gatehouse.it.Api.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.it.Api;
import io.gatehouse.it.Fixtures;
import java.net.URL;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A project admin cannot aim a webhook at the server's own network (SSRF): outside development
 * mode, endpoints on the cloud metadata address, loopback, private ranges, IPv6 loopback and a host
 * name resolving to loopback are refused with the reason, and nothing is created.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WebhookAddressIT {
    private static Deployer deployed;

    @ArquillianResource
    URL base;

    @ArquillianResource
    Deployer deployer;

    @AfterAll
    static void undeploy() {
        if (deployed != null) {
            deployed.undeploy(StrictDeployment.NAME);
            deployed = null;
        }
    }

    @Test
    void endpointsInTheServersOwnNetworkAreRefused() {
        Assumptions.assumeTrue(StrictDeployment.applies(), "Tomcat (the second deployment's context.xml)");
        Api admin = Api.admin(base);
        String project = Fixtures.project(admin);
        String app = admin.post("/api/v1/projects/" + project + "/applications",
                object("name", "App", "redirectUris", List.of("https://app.example.com/cb"))).id();
        deployer.deploy(StrictDeployment.NAME);
        deployed = deployer;
        Api strict = Api.admin(uri(base, "/" + StrictDeployment.CONTEXT + "/"));
        String hooks = "/api/v1/projects/" + project + "/applications/" + app + "/webhooks";
        for (String url : List.of("http://169.254.169.254/latest/meta-data/", "http://127.0.0.1:8080/hook",
                "https://10.0.0.1/hook", "http://[::1]/hook", "http://localhost/hook", "http://192.168.1.10/hook",
                "http://[fd00::1]/hook", "http://0.0.0.0/hook")) {
            Api.Reply refused = strict.post(hooks, object("url", url, "eventTypes", List.of("*")));
            assertEquals(400, refused.status(), url + ": " + refused.text());
            assertTrue(refused.text().contains("own network") || refused.text().contains("resolves to"), url + ": " + refused.text());
        }
        assertEquals(0, strict.get(hooks).json().size(), "nothing was created: " + strict.get(hooks).text());
        // the same request to the development-mode deployment is allowed (the tests' receivers are on loopback)
        assertEquals(201, admin.post(hooks, object("url", "http://127.0.0.1:9/hook", "eventTypes", List.of("*"))).status());
    }

    private static URL uri(URL base, String path) {
        try {
            return new URL(base, path);
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }
}
