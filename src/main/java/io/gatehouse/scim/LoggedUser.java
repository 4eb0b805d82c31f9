package io.gatehouse.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The user a logged SCIM request is about, so an admin can find "everything the IdP sent about
 * jane@example.com": the id from the path ({@code /Users/<id>}), the userName from the answer (a user,
 * or a list of exactly one, as Entra's "does this user exist" probe gets), from the body sent, or from
 * a {@code userName eq "…"} filter. Requests about groups name no user.
 */
record LoggedUser(String id, String name) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern USER_PATH = Pattern.compile("^/Users/([^/?]+)");
    private static final Pattern USER_NAME_FILTER = Pattern.compile("userName\\s+eq\\s+\"((?:[^\"\\\\]|\\\\.)*)\"",
            Pattern.CASE_INSENSITIVE);

    static LoggedUser of(String method, String path, String requestBody, String responseBody) {
        if (path == null || !path.startsWith("/Users")) {
            return new LoggedUser(null, null);
        }
        JsonNode answer = json(responseBody);
        JsonNode one = answer.has("Resources") && answer.get("Resources").size() == 1 ? answer.get("Resources").get(0) : answer;
        JsonNode sent = json(requestBody);
        Matcher inPath = USER_PATH.matcher(path);
        String id = inPath.find() && !inPath.group(1).startsWith(".") ? inPath.group(1) : text(one, "id");
        String name = first(text(one, "userName"), text(sent, "userName"), filtered(path));
        return new LoggedUser(id, name);
    }

    private static String filtered(String path) {
        Matcher m = USER_NAME_FILTER.matcher(path);
        return m.find() ? m.group(1).replace("\\\"", "\"") : null;
    }

    private static JsonNode json(String body) {
        if (body == null || body.isBlank() || body.charAt(0) != '{') {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException | RuntimeException cutOrNotJson) {
            return JSON.createObjectNode();
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static String first(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate;
            }
        }
        return null;
    }
}
