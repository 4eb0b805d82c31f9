package io.gatehouse.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;

/**
 * The enterprise extension's {@code manager}, which RFC 7643 4.3 and this service's /Schemas declare
 * complex ({@code {"value": "<id>", "$ref": ..., "displayName": ...}}). Microsoft Entra ID sends the
 * bare id instead, {@code {"op":"Add","path":"urn:...:enterprise:2.0:User:manager","value":"<id>"}}
 * (Captain-P-Goldfish/SCIM-SDK#686; on create and PUT too, apache/directory-scimple#1242); it is kept
 * as {@code {"value": "<id>"}} so that what is returned matches the schema. An empty string clears it.
 */
final class Manager {
    private Manager() {
    }

    /** Normalises the manager of a client's extension object in place; invalidValue if it is neither form. */
    static void normalise(ObjectNode extension) {
        String key = key(extension);
        if (key == null) {
            return;
        }
        JsonNode manager = extension.get(key);
        if (manager.isTextual()) {
            set(extension, key, manager.asText());
        } else if (manager.isObject()) {
            JsonNode value = manager.get("value");
            if (value != null && !value.isNull() && !value.isTextual()) {
                throw ScimProblem.invalidValue("'manager.value' must be a string holding the manager's id");
            }
        } else if (!manager.isNull()) {
            throw ScimProblem.invalidValue("'manager' must be an object {\"value\": \"<id>\"} or the manager's id");
        }
    }

    /** The same for an extension read from storage: never throws, only turns a string into the object. */
    static void stored(ObjectNode extension) {
        String key = key(extension);
        if (key != null && extension.get(key).isTextual()) {
            set(extension, key, extension.get(key).asText());
        }
    }

    private static void set(ObjectNode extension, String key, String id) {
        if (id.isBlank()) {
            extension.remove(key);
        } else {
            extension.putObject(key).put("value", id.strip());
        }
    }

    private static String key(ObjectNode extension) {
        for (Iterator<String> names = extension.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (name.equalsIgnoreCase("manager")) {
                return name;
            }
        }
        return null;
    }
}
