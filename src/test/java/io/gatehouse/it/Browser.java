package io.gatehouse.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The browser side of a sign-in: a cookie jar, form posts, redirects seen one at a time. */
public final class Browser {
    private final HttpClient client = HttpClient.newBuilder().cookieHandler(new PlainHttpCookies())
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();

    /**
     * Keeps cookies marked Secure over plain http too: the tests talk to 127.0.0.1 without TLS, as
     * a browser does for localhost.
     */
    private static final class PlainHttpCookies extends java.net.CookieHandler {
        private final CookieManager cookies = new CookieManager(null, java.net.CookiePolicy.ACCEPT_ALL);

        @Override
        public Map<String, java.util.List<String>> get(URI uri, Map<String, java.util.List<String>> headers) throws IOException {
            return cookies.get(URI.create("https" + uri.toString().substring(uri.getScheme().length())), headers);
        }

        @Override
        public void put(URI uri, Map<String, java.util.List<String>> headers) throws IOException {
            cookies.put(URI.create("https" + uri.toString().substring(uri.getScheme().length())), headers);
        }
    }

    public record Page(int status, String body, String location) {
        public String hidden(String name) {
            Matcher m = Pattern.compile("name=\"" + Pattern.quote(name) + "\"\\s+value=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE)
                    .matcher(body);
            if (!m.find()) {
                throw new AssertionError("No hidden field " + name + " in " + body);
            }
            return m.group(1).replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'")
                    .replace("&lt;", "<").replace("&gt;", ">");
        }

        /** The action of the page's first form, unescaped. */
        public String formAction() {
            Matcher m = Pattern.compile("<form[^>]*action=\"([^\"]+)\"", Pattern.CASE_INSENSITIVE).matcher(body);
            if (!m.find()) {
                throw new AssertionError("No form in " + body);
            }
            return m.group(1).replace("&amp;", "&");
        }

        @Override
        public String toString() {
            return status + " " + (location == null ? "" : "-> " + location + " ") + body;
        }
    }

    public Page get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").GET());
    }

    public Page getJson(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/json").GET());
    }

    public Page post(String url, Map<String, String> form) {
        String body = form.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "text/html").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private Page send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Page(response.statusCode(), response.body(), response.headers().firstValue("Location").orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
