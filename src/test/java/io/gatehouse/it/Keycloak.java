package io.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real Keycloak (the Maven Central distribution the build unpacks into target/keycloak), started
 * once per test JVM in development mode on 127.0.0.1 with the Temurin 25 JDK, and configured
 * through its admin REST API as a SAML identity provider. Public for the per-feature test folders
 * (io.gatehouse.it.oidc signs in at a relying party through it).
 */
public final class Keycloak {
    static final String REALM = "gatehouse";
    private static Keycloak running;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public final String base;
    private final Process process;

    private Keycloak(String base, Process process) {
        this.base = base;
        this.process = process;
    }

    public static synchronized Keycloak start() throws Exception {
        if (running != null) {
            return running;
        }
        File home = new File(System.getProperty("it.keycloak.home", "target/keycloak"));
        assertTrue(new File(home, "bin/kc.sh").exists(), "Keycloak distribution missing in " + home);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder("bash", "bin/kc.sh", "start-dev", "--http-host=127.0.0.1",
                "--http-port=" + port, "--http-management-port=" + (port + 1 > 65535 ? port - 1 : port + 1),
                "--hostname-strict=false", "--cache=local")
                .directory(home).redirectErrorStream(true).redirectOutput(new File(home, "keycloak-it.log"));
        builder.environment().put("JAVA_HOME", System.getProperty("it.keycloak.java", "/usr/lib/jvm/temurin-25-jdk-amd64"));
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin-password");
        builder.environment().put("JAVA_OPTS_APPEND", "-Xmx512m");
        Process process = builder.start();
        Keycloak keycloak = new Keycloak("http://127.0.0.1:" + port, process);
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited; see " + new File(home, "keycloak-it.log"));
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(keycloak.base + "/realms/master")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    running = keycloak;
                    return keycloak;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(1000);
        }
        process.destroy();
        throw new IllegalStateException("Keycloak did not start within 4 minutes");
    }

    /** An admin REST call to the realm; returns the answer's Location (created id) or body. */
    String admin(String method, String path, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/admin/realms" + path))
                .header("Authorization", "Bearer " + token()).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(Api.JSON.writeValueAsString(body)));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300 && response.statusCode() != 409) {
            throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
        }
        return response.headers().firstValue("Location").map(l -> l.substring(l.lastIndexOf('/') + 1)).orElse(response.body());
    }

    private String token() throws Exception {
        String form = "grant_type=password&client_id=admin-cli&username=admin&password=admin-password";
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode json = Api.JSON.readTree(response.body());
        return json.path("access_token").asText();
    }

    /** A realm for one test project, with a SAML client for the project's SP and the usual mappers. */
    public String realm(String name, String spEntityId, String acsUrl, String sloUrl, String spCertificatePem, String idpInitiatedName)
            throws Exception {
        admin("POST", "", Map.of("realm", name, "enabled", true));
        String cert = spCertificatePem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        Map<String, Object> attributes = new java.util.HashMap<>();
        attributes.put("saml_assertion_consumer_url_post", acsUrl);
        attributes.put("saml_single_logout_service_url_redirect", sloUrl);
        attributes.put("saml_single_logout_service_url_post", sloUrl);
        attributes.put("saml.server.signature", "true");
        attributes.put("saml.assertion.signature", "true");
        attributes.put("saml.client.signature", "true");
        attributes.put("saml.signing.certificate", cert);
        attributes.put("saml.signature.algorithm", "RSA_SHA256");
        attributes.put("saml_name_id_format", "email");
        attributes.put("saml.force.name.id.format", "true");
        attributes.put("saml_idp_initiated_sso_url_name", idpInitiatedName);
        attributes.put("saml.authnstatement", "true");
        Map<String, Object> client = Map.of("clientId", spEntityId, "protocol", "saml", "enabled", true,
                "frontchannelLogout", true, "redirectUris", List.of(acsUrl.substring(0, acsUrl.indexOf("/sso/")) + "/*"),
                "attributes", attributes, "protocolMappers", List.of(
                        property("email", "email"), property("firstName", "firstName"), property("lastName", "lastName"),
                        Map.of("name", "groups", "protocol", "saml", "protocolMapper", "saml-group-membership-mapper",
                                "config", Map.of("attribute.name", "groups", "full.path", "false", "single", "true",
                                        "attribute.nameformat", "Basic"))));
        admin("POST", "/" + name + "/clients", client);
        return base + "/realms/" + name + "/protocol/saml/descriptor";
    }

    private static Map<String, Object> property(String property, String attribute) {
        return Map.of("name", attribute, "protocol", "saml", "protocolMapper", "saml-user-property-mapper",
                "config", Map.of("user.attribute", property, "attribute.name", attribute, "attribute.nameformat", "Basic"));
    }

    public void group(String realm, String name) throws Exception {
        admin("POST", "/" + realm + "/groups", Map.of("name", name));
    }

    public void user(String realm, String username, String email, String password, String... groups) throws Exception {
        admin("POST", "/" + realm + "/users", Map.of("username", username, "email", email, "firstName", "Kay",
                "lastName", "Cloak", "enabled", true, "emailVerified", true, "groups", List.of(groups),
                "credentials", List.of(Map.of("type", "password", "value", password, "temporary", false))));
    }

    /** Signs in on Keycloak's login page (the page the browser is on) and returns the page after it. */
    public static Browser.Page login(Browser browser, Browser.Page loginPage, String username, String password) {
        String action = loginPage.formAction();
        return browser.post(action, Map.of("username", username, "password", password, "credentialId", ""));
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
