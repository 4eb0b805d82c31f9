package io.gatehouse.it.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.gatehouse.it.DriverManagerDataSource;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shared HTTP session's cookie, attacked: a cookie the server did not issue is not adopted
 * (session fixation), signing in gives a new one and the old one is worth nothing, a copied cookie
 * is worth nothing after sign-out, an idle session ends, and the database holds only the cookie's
 * hash. Over plain HTTP with the cookies handled by hand, so every value is seen.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SharedSessionIT {
    private static final Pattern VIEW_STATE = Pattern.compile("name=\"jakarta.faces.ViewState\"[^>]*value=\"([^\"]+)\"");
    private static final Pattern SESSION_COOKIE = Pattern.compile("^gh_session=([^;]*)(;.*)?$");

    @ArquillianResource
    URL base;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private record Answer(int status, String body, String location, List<String> setCookies) {
        /** The gh_session value this answer set, or null. */
        String session() {
            for (String c : setCookies) {
                Matcher m = SESSION_COOKIE.matcher(c);
                if (m.matches()) {
                    return m.group(1);
                }
            }
            return null;
        }
    }

    private Answer send(String path, String cookie, Map<String, String> form) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        if (cookie != null) {
            request.header("Cookie", "gh_session=" + cookie);
        }
        if (form != null) {
            request.header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(
                    form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                            .collect(Collectors.joining("&"))));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body(), response.headers().firstValue("Location").orElse(null),
                response.headers().allValues("Set-Cookie"));
    }

    private static String viewState(String html) {
        Matcher m = VIEW_STATE.matcher(html);
        assertTrue(m.find(), "a Faces form");
        return m.group(1).replace("&#58;", ":");
    }

    /** Signs in with the session of {@code cookie}; returns the answer (its new cookie). */
    private Answer signIn(String cookie, String loginPage) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("signIn", "signIn");
        form.put("signIn:username", "admin");
        form.put("signIn:password", System.getProperty("it.admin.password"));
        form.put("signIn:submit", "");
        form.put("jakarta.faces.ViewState", viewState(loginPage));
        return send("console/login.xhtml", cookie, form);
    }

    private boolean signedIn(String cookie) throws Exception {
        Answer index = send("console/index.xhtml", cookie, null);
        return index.status() == 200 && index.body().contains("Sign out");
    }

    @Test
    void theCookieIsTheSessionsOwnFlaggedAndNoServerSessionIsMade() throws Exception {
        Answer login = send("console/login.xhtml", null, null);
        assertEquals(200, login.status());
        String cookie = login.session();
        assertTrue(cookie != null && cookie.length() >= 43, "256 random bits: " + login.setCookies());
        String header = login.setCookies().stream().filter(c -> c.startsWith("gh_session=")).findFirst().orElseThrow();
        assertTrue(header.contains("HttpOnly") && header.contains("SameSite=Lax") && header.contains("Path=/gatehouse"), header);
        assertFalse(header.contains("Secure"), "plain http here: Secure only behind https");
        assertTrue(login.setCookies().stream().noneMatch(c -> c.startsWith("JSESSIONID")), "no server session: " + login.setCookies());
        Answer again = send("console/login.xhtml", cookie, null);
        assertEquals(null, again.session(), "a known session is not issued again");
    }

    @Test
    void aCookieTheServerDidNotIssueIsNotAdopted() throws Exception {
        String planted = "attacker-chosen-value-0123456789abcdefghijklmnopq";
        Answer login = send("console/login.xhtml", planted, null);
        assertNotEquals(planted, login.session(), "a new session of the server's own choosing");
        assertTrue(login.session() != null);
        Answer signedIn = signIn(planted, login.body());
        assertFalse(signedIn.status() == 302 && signedIn(planted), "the planted value never becomes a signed-in session");
    }

    @Test
    void signingInGivesANewCookieAndTheOldOneIsWorthNothing() throws Exception {
        Answer login = send("console/login.xhtml", null, null);
        String before = login.session();
        Answer signedIn = signIn(before, login.body());
        assertEquals(302, signedIn.status(), signedIn.body());
        String after = signedIn.session();
        assertTrue(after != null && !after.equals(before), "a new session id at sign-in (no fixation): " + signedIn.setCookies());
        assertTrue(signedIn(after));
        assertFalse(signedIn(before), "the cookie from before the sign-in is not signed in");
    }

    @Test
    void aCopiedCookieIsWorthNothingAfterSignOut() throws Exception {
        Answer login = send("console/login.xhtml", null, null);
        String cookie = signIn(login.session(), login.body()).session();
        String copy = cookie;
        Answer index = send("console/index.xhtml", cookie, null);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("signOutForm", "signOutForm");
        form.put("signOutForm:signOut", "Sign out");
        form.put("jakarta.faces.ViewState", viewState(index.body()));
        Answer out = send("console/index.xhtml", cookie, form);
        assertEquals(302, out.status(), out.body());
        assertTrue(out.setCookies().stream().anyMatch(c -> c.startsWith("gh_session=;") && c.contains("Max-Age=0")),
                "the browser is told to drop the cookie: " + out.setCookies());
        assertFalse(signedIn(copy), "a copy of the cookie taken before the sign-out does not sign in");
    }

    @Test
    void theDatabaseHoldsTheCookiesHashOnlyAndAnIdleSessionEnds() throws Exception {
        assumeFalse("h2".equals(System.getProperty("it.db")), "H2's file is the server's alone; the tests reach PostgreSQL and MariaDB");
        Answer login = send("console/login.xhtml", null, null);
        String cookie = signIn(login.session(), login.body()).session();
        assertTrue(signedIn(cookie));
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cookie.getBytes(StandardCharsets.US_ASCII)));
        try (Connection db = DriverManagerDataSource.forThisRun().getConnection()) {
            assertEquals(1, count(db, "SELECT COUNT(*) FROM gh_http_session WHERE id = ?", hash), "stored under the cookie's SHA-256");
            assertEquals(0, count(db, "SELECT COUNT(*) FROM gh_http_session WHERE id = ?", cookie), "never under the cookie itself");
            try (PreparedStatement idle = db.prepareStatement("UPDATE gh_http_session SET expires_at = ? WHERE id = ?")) {
                idle.setTimestamp(1, java.sql.Timestamp.valueOf("2000-01-01 00:00:00"));
                idle.setString(2, hash);
                assertEquals(1, idle.executeUpdate());
            }
            assertFalse(signedIn(cookie), "idle past its limit: signed out");
            assertEquals(0, count(db, "SELECT COUNT(*) FROM gh_http_session WHERE id = ?", hash), "and removed");
        }
    }

    private static int count(Connection db, String sql, String parameter) throws Exception {
        try (PreparedStatement query = db.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
