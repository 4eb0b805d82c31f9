package io.gatehouse.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A PATCH operation without a path whose value object names attributes by their paths, as Microsoft
 * Entra ID sends it: {@code {"op":"Replace","value":{"name.givenName":"A",
 * "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department":"C"}}} (reported against
 * Captain-P-Goldfish/scim-for-keycloak#26, pond/scimitar#123, simpleidserver/SimpleIdServer#494).
 * RFC 7644 3.5.2.1 wants attribute names as the keys, so such keys would be unknown attributes; each
 * becomes an operation of its own with the key as its path, which the SDK then applies as any path
 * (and refuses as any bad path). Keys that are plain attribute names stay in one path-less operation.
 */
final class PathlessValues {
    /** Core schema URNs a key may carry ("urn:...:core:2.0:User:userName" is userName). */
    private static final List<String> CORE = List.of(UserJson.SCHEMA + ":", GroupJson.SCHEMA + ":");

    private PathlessValues() {
    }

    /** The operations, each path-less one with path keys split into one operation per such key. */
    static ArrayNode expanded(ArrayNode operations) {
        ArrayNode result = ScimJson.MAPPER.createArrayNode();
        for (JsonNode operation : operations) {
            if (isPathless(operation) && operation.get("value").isObject()) {
                expand((ObjectNode) operation, result);
            } else {
                result.add(operation);
            }
        }
        return result;
    }

    static boolean isPathless(JsonNode operation) {
        JsonNode path = operation.get("path");
        return path == null || path.isNull() || (path.isTextual() && path.asText().isBlank());
    }

    private static void expand(ObjectNode operation, ArrayNode result) {
        ObjectNode plain = ScimJson.MAPPER.createObjectNode();
        ArrayNode pathed = ScimJson.MAPPER.createArrayNode();
        for (Iterator<Map.Entry<String, JsonNode>> fields = operation.get("value").fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = withoutCoreSchema(field.getKey());
            if (isPath(key)) {
                pathed.addObject().put("op", operation.path("op").asText()).put("path", key).set("value", field.getValue());
            } else {
                plain.set(key, field.getValue());
            }
        }
        if (!plain.isEmpty() || pathed.isEmpty()) {
            ObjectNode kept = operation.deepCopy();
            kept.remove("path");
            kept.set("value", plain);
            result.add(kept);
        }
        result.addAll(pathed); // after the plain keys: "name.givenName" refines a "name" sent beside it
    }

    private static String withoutCoreSchema(String key) {
        for (String urn : CORE) {
            if (key.regionMatches(true, 0, urn, 0, urn.length()) && key.length() > urn.length()) {
                return key.substring(urn.length());
            }
        }
        return key;
    }

    /** A sub-attribute, an extension attribute or a value filter: not an attribute name of its own. */
    private static boolean isPath(String key) {
        return key.indexOf('.') >= 0 || key.indexOf('[') >= 0
                || (key.indexOf(':') >= 0 && !key.toLowerCase(Locale.ROOT).equals(UserJson.ENTERPRISE.toLowerCase(Locale.ROOT)));
    }
}
