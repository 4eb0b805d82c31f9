package io.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.CookieManager;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The console's sign-in page over plain HTTP (the browser suite of the console issue goes further). */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConsoleIT {
    private static final Pattern VIEW_STATE = Pattern.compile("name=\"jakarta.faces.ViewState\"[^>]*value=\"([^\"]+)\"");


    @ArquillianResource
    URL base;

    private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void rootAndConsoleLeadToTheSignInPage() throws Exception {
        HttpResponse<String> root = get("");
        assertEquals(302, root.statusCode());
        assertTrue(root.headers().firstValue("Location").orElse("").endsWith("/console/index.xhtml"));
        HttpResponse<String> console = get("console/index.xhtml");
        assertEquals(302, console.statusCode(), "the console needs a signed-in admin");
        assertTrue(console.headers().firstValue("Location").orElse("").endsWith("/console/login.xhtml"));
        HttpResponse<String> login = get("console/login.xhtml");
        assertEquals(200, login.statusCode());
        assertTrue(login.body().contains("Sign in"));
        assertEquals("DENY", login.headers().firstValue("X-Frame-Options").orElse(""));
    }

    @Test
    void wrongPasswordIsRefusedAndTheRightOneSignsIn() throws Exception {
        HttpResponse<String> wrong = signIn("admin", "not the password");
        assertEquals(200, wrong.statusCode());
        assertTrue(wrong.body().contains("Wrong username or password."), wrong.body());
        assertEquals(302, get("console/index.xhtml").statusCode(), "still signed out");

        HttpResponse<String> unknown = signIn("nobody", "whatever");
        assertTrue(unknown.body().contains("Wrong username or password."), "the same answer for unknown users");

        HttpResponse<String> right = signIn("admin", System.getProperty("it.admin.password"));
        assertEquals(302, right.statusCode(), right.body());
        HttpResponse<String> projects = get("console/index.xhtml");
        assertEquals(200, projects.statusCode());
        assertTrue(projects.body().contains("Projects"));
        assertFalse(projects.body().contains(System.getProperty("it.admin.password")));
    }

    private HttpResponse<String> signIn(String username, String password) throws Exception {
        HttpResponse<String> page = get("console/login.xhtml");
        Matcher state = VIEW_STATE.matcher(page.body());
        assertTrue(state.find(), "the form carries a view state");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("signIn", "signIn");
        form.put("signIn:username", username);
        form.put("signIn:password", password);
        form.put("signIn:submit", "");
        form.put("jakarta.faces.ViewState", state.group(1).replace("&#58;", ":"));
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return browser.send(HttpRequest.newBuilder(URI.create(base + "console/login.xhtml"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
