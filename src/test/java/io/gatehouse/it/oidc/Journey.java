package io.gatehouse.it.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.it.Browser;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A browser's way through an OIDC sign-in, redirect by redirect: every URL it was sent to, in order,
 * and the page where the redirects stopped. Relative Locations are resolved as a browser does.
 */
final class Journey {
    private static final int MAX_REDIRECTS = 15;

    final List<String> urls = new ArrayList<>();
    Browser.Page page;
    private String at;

    private Journey() {
    }

    /** GETs the URL and follows the redirects. */
    static Journey start(Browser browser, String url) {
        Journey journey = new Journey();
        journey.get(browser, url);
        return journey;
    }

    /** Posts these fields to the current page's first form's action, as the browser would, and follows the redirects. */
    Journey submit(Browser browser, Map<String, String> fields) {
        String action = URI.create(at).resolve(page.formAction()).toString();
        urls.add("POST " + action);
        at = action;
        page = browser.post(action, fields);
        followRedirects(browser);
        return this;
    }

    private void get(Browser browser, String url) {
        urls.add(url);
        at = url;
        page = browser.get(url);
        followRedirects(browser);
    }

    private void followRedirects(Browser browser) {
        for (int i = 0; page.status() >= 300 && page.status() < 400; i++) {
            assertTrue(i < MAX_REDIRECTS, "redirect loop: " + this);
            String next = URI.create(at).resolve(page.location()).toString();
            urls.add(next);
            at = next;
            page = browser.get(next);
        }
    }

    /** Where the browser is now (the page's URL). */
    String at() {
        return at;
    }

    /** The first URL of the journey that starts with the prefix; fails when there is none. */
    String visited(String prefix) {
        return urls.stream().filter(u -> u.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("never at " + prefix + ": " + this));
    }

    /** Asserts the page (text/plain, "name: value" a line; any line ending) has exactly this line. */
    static void assertLine(String body, String line) {
        assertTrue(body.lines().anyMatch(line::equals), "no line \"" + line + "\" in:\n" + body);
    }

    void assertEnded(int status, String urlPrefix) {
        assertEquals(status, page.status(), this::toString);
        assertTrue(at.startsWith(urlPrefix), "ended at " + at + ", not " + urlPrefix + ": " + this);
    }

    @Override
    public String toString() {
        return urls.stream().collect(Collectors.joining("\n  -> ", "\n  ", "\n")) + "  = " + page;
    }
}
