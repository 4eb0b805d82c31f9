package io.gatehouse.scim;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.group.Group;
import io.gatehouse.platform.Versions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The SCIM representation of a group (RFC 7643 4.2). Members are written as they are read, page by
 * page, so a group with 100k members never sits in memory as a whole.
 */
final class GroupJson {
    static final String SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
    private static final Set<String> KNOWN = Set.of("schemas", "id", "externalid", "meta", "displayname", "members");

    private GroupJson() {
    }

    /** What a client sent for a group; {@code members} null when the attribute was absent. */
    record Input(String displayName, String externalId, List<String> members) {
    }

    static Input parse(ObjectNode body) {
        ObjectNode node = ScimJson.MAPPER.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> fields = body.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String lower = field.getKey().toLowerCase(Locale.ROOT);
            if (!KNOWN.contains(lower)) {
                throw ScimProblem.invalidValue("Unknown attribute '" + field.getKey() + "' for a Group");
            }
            node.set(lower, field.getValue());
        }
        JsonNode schemas = node.get("schemas");
        if (schemas != null && !(schemas.isArray() && containsIgnoreCase(schemas, SCHEMA))) {
            throw ScimProblem.invalidValue("'schemas' must contain " + SCHEMA);
        }
        return new Input(UserJson.string(node, "displayname"), UserJson.string(node, "externalid"),
                node.has("members") ? memberIds(node.get("members")) : null);
    }

    /** The user ids of a members value: [{"value": id}, ...] (a single object is accepted too). */
    static List<String> memberIds(JsonNode members) {
        List<String> ids = new ArrayList<>();
        if (members == null || members.isNull()) {
            return ids;
        }
        Iterable<JsonNode> values = members.isArray() ? members : List.of(members);
        for (JsonNode member : values) {
            if (!member.isObject() || !member.path("value").isTextual() || member.path("value").asText().isBlank()) {
                throw ScimProblem.invalidValue("Each member needs a string 'value' holding a user id");
            }
            ids.add(member.get("value").asText().strip());
        }
        return new ArrayList<>(new LinkedHashSet<>(ids));
    }

    private static boolean containsIgnoreCase(JsonNode array, String value) {
        for (JsonNode item : array) {
            if (item.isTextual() && item.asText().equalsIgnoreCase(value)) {
                return true;
            }
        }
        return false;
    }

    /** Pages of (user id, userName) of a group's members, in id order, after a given user id. */
    interface Members {
        List<Object[]> page(String groupId, String afterUserId, int limit);
    }

    /** Writes the group; {@code members} null leaves the attribute out (excludedAttributes=members). */
    static void write(JsonGenerator json, Group group, String base, Members members, AttributeSelection selection)
            throws IOException {
        ObjectNode head = ScimJson.MAPPER.createObjectNode();
        head.putArray("schemas").add(SCHEMA);
        head.put("id", group.id());
        if (group.externalId() != null) {
            head.put("externalId", group.externalId());
        }
        head.put("displayName", group.displayName());
        ObjectNode meta = head.putObject("meta");
        meta.put("resourceType", "Group");
        meta.put("created", group.createdAt().toString());
        meta.put("lastModified", group.lastModified().toString());
        meta.put("location", base + "/Groups/" + group.id());
        meta.put("version", Versions.etag(group.version()));
        selection.apply(head);
        json.writeStartObject();
        for (Iterator<Map.Entry<String, JsonNode>> fields = head.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            json.writeFieldName(field.getKey());
            json.writeTree(field.getValue());
        }
        if (members != null) {
            writeMembers(json, group.id(), members, base);
        }
        json.writeEndObject();
    }

    private static void writeMembers(JsonGenerator json, String groupId, Members members, String base) throws IOException {
        json.writeArrayFieldStart("members");
        String after = "";
        while (true) {
            List<Object[]> page = members.page(groupId, after, 1000);
            for (Object[] member : page) {
                json.writeStartObject();
                json.writeStringField("value", (String) member[0]);
                json.writeStringField("display", (String) member[1]);
                json.writeStringField("$ref", base + "/Users/" + member[0]);
                json.writeStringField("type", "User");
                json.writeEndObject();
            }
            if (page.size() < 1000) {
                break;
            }
            after = (String) page.get(page.size() - 1)[0];
        }
        json.writeEndArray();
    }
}
