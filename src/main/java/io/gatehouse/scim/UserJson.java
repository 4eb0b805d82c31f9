package io.gatehouse.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import io.gatehouse.group.Group;
import io.gatehouse.platform.Versions;
import io.gatehouse.user.User;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The SCIM representation of a {@link User} (RFC 7643 4.1, plus the enterprise extension), both ways.
 * Attributes Gatehouse models (userName, externalId, names, displayName, primary e-mail, active) live
 * in columns; the rest of what the IdP sends (title, phoneNumbers, the enterprise extension...) is
 * kept as sent so that it round-trips. Unknown attributes are refused, not silently dropped.
 */
final class UserJson {
    static final String SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    static final String UNKNOWN_NAME = "Unknown";

    /** Canonical spelling of every attribute of the User schema, by lower-cased name. */
    private static final Map<String, String> CORE = canonical("id", "externalId", "meta", "schemas", "userName", "name",
            "displayName", "nickName", "profileUrl", "title", "userType", "preferredLanguage", "locale", "timezone",
            "active", "password", "emails", "phoneNumbers", "ims", "photos", "addresses", "groups", "entitlements",
            "roles", "x509Certificates");
    private static final Set<String> MULTI_VALUED = Set.of("emails", "phoneNumbers", "ims", "photos", "addresses",
            "groups", "entitlements", "roles", "x509Certificates");
    private static final Set<String> ENTERPRISE_ATTRIBUTES = Set.of("employeenumber", "costcenter", "organization",
            "division", "department", "manager");
    /** Modelled in columns or computed: never stored in the kept attributes. */
    private static final Set<String> NOT_KEPT = Set.of("id", "externalId", "meta", "schemas", "userName",
            "displayName", "active", "password", "groups");

    private UserJson() {
    }

    /** What a client sent for a user (create or replace). {@code active} is null when not sent. */
    record Profile(String userName, String externalId, String givenName, String familyName, String displayName,
                   String email, String emailType, Boolean active, String password, ObjectNode kept) {
    }

    static Profile parse(ObjectNode body) {
        ObjectNode node = normalised(body);
        requireSchema(node);
        String userName = string(node, "userName");
        String givenName = null;
        String familyName = null;
        JsonNode name = node.get("name");
        if (name != null && !name.isNull()) {
            if (!name.isObject()) {
                throw ScimProblem.invalidValue("'name' must be an object");
            }
            givenName = subString((ObjectNode) name, "givenName");
            familyName = subString((ObjectNode) name, "familyName");
        }
        String[] email = primaryEmail(node.get("emails"));
        ObjectNode kept = node.deepCopy();
        NOT_KEPT.forEach(kept::remove);
        return new Profile(userName, string(node, "externalId"), givenName, familyName, string(node, "displayName"),
                email[0], email[1], bool(node.get("active")), string(node, "password"), kept.isEmpty() ? null : kept);
    }

    /** Attribute names in their canonical case; unknown attributes refused; types of multi-valued checked. */
    static ObjectNode normalised(ObjectNode body) {
        ObjectNode node = ScimJson.MAPPER.createObjectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = body.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String lower = field.getKey().toLowerCase(Locale.ROOT);
            if (lower.equals(ENTERPRISE.toLowerCase(Locale.ROOT))) {
                ObjectNode extension = (ObjectNode) enterprise(field.getValue());
                if (node.has(ENTERPRISE)) {
                    extension.setAll((ObjectNode) node.get(ENTERPRISE));
                }
                node.set(ENTERPRISE, extension);
                continue;
            }
            String canonical = CORE.get(lower);
            if (canonical == null && ENTERPRISE_ATTRIBUTES.contains(lower)) {
                // Entra's PATCH may name enterprise attributes without their URN ("path":"manager")
                ObjectNode extension = node.has(ENTERPRISE) ? (ObjectNode) node.get(ENTERPRISE) : node.putObject(ENTERPRISE);
                extension.set(field.getKey(), field.getValue());
                Manager.normalise(extension);
                continue;
            }
            if (canonical == null) {
                throw ScimProblem.invalidValue("Unknown attribute '" + field.getKey() + "' for a User");
            }
            JsonNode value = field.getValue();
            if (MULTI_VALUED.contains(canonical) && !value.isNull() && !value.isArray()) {
                throw ScimProblem.invalidValue("'" + canonical + "' must be an array");
            }
            node.set(canonical, value);
        }
        return node;
    }

    /**
     * Whether a PATCH path names an attribute of the User schema or of the enterprise extension (the
     * first element; sub-attributes are the SDK's). A path to anything else is refused with
     * invalidPath (RFC 7644 3.12) instead of being kept as an attribute no schema declares.
     */
    static boolean knows(Path path) {
        if (path == null || path.size() == 0) {
            return true;
        }
        String urn = path.getSchemaUrn();
        String attribute = path.getElement(0).getAttribute().toLowerCase(Locale.ROOT);
        if (urn == null) {
            return CORE.containsKey(attribute) || ENTERPRISE_ATTRIBUTES.contains(attribute);
        }
        return urn.equalsIgnoreCase(SCHEMA) ? CORE.containsKey(attribute)
                : urn.equalsIgnoreCase(ENTERPRISE) && ENTERPRISE_ATTRIBUTES.contains(attribute);
    }

    private static JsonNode enterprise(JsonNode value) {
        if (!value.isObject()) {
            throw ScimProblem.invalidValue("'" + ENTERPRISE + "' must be an object");
        }
        value.fieldNames().forEachRemaining(name -> {
            if (!ENTERPRISE_ATTRIBUTES.contains(name.toLowerCase(Locale.ROOT))) {
                throw ScimProblem.invalidValue("Unknown attribute '" + name + "' in the enterprise extension");
            }
        });
        Manager.normalise((ObjectNode) value);
        return value;
    }

    private static void requireSchema(ObjectNode node) {
        JsonNode schemas = node.get("schemas");
        if (schemas == null) {
            return; // lenient: some clients omit it on PUT
        }
        boolean core = false;
        if (schemas.isArray()) {
            for (JsonNode schema : schemas) {
                core |= schema.isTextual() && schema.asText().equalsIgnoreCase(SCHEMA);
            }
        }
        if (!core) {
            throw ScimProblem.invalidValue("'schemas' must contain " + SCHEMA);
        }
    }

    /** The primary e-mail (else the work one, else the first) and its type. */
    private static String[] primaryEmail(JsonNode emails) {
        if (emails == null || emails.isNull() || emails.isEmpty()) {
            return new String[] {null, null};
        }
        JsonNode primary = null;
        JsonNode work = null;
        for (JsonNode email : emails) {
            if (!email.isObject() || (email.has("value") && !email.get("value").isTextual())) {
                throw ScimProblem.invalidValue("each of 'emails' must be an object with a string 'value'");
            }
            if (primary == null && Boolean.TRUE.equals(bool(email.get("primary")))) {
                primary = email;
            }
            if (work == null && "work".equalsIgnoreCase(email.path("type").asText())) {
                work = email;
            }
        }
        JsonNode chosen = primary != null ? primary : work != null ? work : emails.get(0);
        String value = chosen.path("value").asText("").strip();
        String type = chosen.path("type").isTextual() ? chosen.path("type").asText() : null;
        return new String[] {value.isEmpty() ? null : value, type};
    }

    static String string(ObjectNode node, String attribute) {
        JsonNode value = node.get(attribute);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ScimProblem.invalidValue("'" + attribute + "' must be a string");
        }
        return value.asText();
    }

    private static String subString(ObjectNode node, String attribute) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (name.equalsIgnoreCase(attribute)) {
                JsonNode value = node.get(name);
                if (value.isNull()) {
                    return null;
                }
                if (!value.isTextual()) {
                    throw ScimProblem.invalidValue("'name." + attribute + "' must be a string");
                }
                return value.asText();
            }
        }
        return null;
    }

    /** A boolean, also as Entra sends it: the strings "True" / "False". */
    static Boolean bool(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual() && (value.asText().equalsIgnoreCase("true") || value.asText().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(value.asText().toLowerCase(Locale.ROOT));
        }
        throw ScimProblem.invalidValue("Expected true or false, got " + value);
    }

    /** The full representation, as returned by GET; {@code groups} in priority order. */
    static ObjectNode toJson(User user, List<Group> groups, String base) {
        return representation(user, groups, base, true);
    }

    /** The user as a PATCH starts from: what a client can change, without groups, meta or filled-in names. */
    static ObjectNode patchable(User user) {
        ObjectNode node = representation(user, null, "", false);
        node.remove("meta");
        return node;
    }

    private static ObjectNode representation(User user, List<Group> groups, String base, boolean forClient) {
        ObjectNode node = ScimJson.MAPPER.createObjectNode();
        ArrayNode schemas = node.putArray("schemas").add(SCHEMA);
        node.put("id", user.id());
        if (user.externalId() != null) {
            node.put("externalId", user.externalId());
        }
        node.put("userName", user.userName());
        ObjectNode kept = kept(user);
        kept.fields().forEachRemaining(field -> node.set(field.getKey(), field.getValue()));
        if (kept.has(ENTERPRISE)) {
            schemas.add(ENTERPRISE);
            Manager.stored((ObjectNode) kept.get(ENTERPRISE)); // a manager kept as a string before it was normalised
        }
        ObjectNode name = node.has("name") && node.get("name").isObject() ? (ObjectNode) node.get("name") : node.putObject("name");
        // RFC clients (Okta's import among them) expect names; a user provisioned without any gets "Unknown"
        String unknown = forClient ? UNKNOWN_NAME : null;
        putOrRemove(name, "givenName", user.givenName() == null ? unknown : user.givenName());
        putOrRemove(name, "familyName", user.familyName() == null ? unknown : user.familyName());
        if (name.isEmpty()) {
            node.remove("name");
        }
        if (user.displayName() != null) {
            node.put("displayName", user.displayName());
        }
        if (user.email() != null && !node.has("emails")) {
            ObjectNode email = node.putArray("emails").addObject().put("value", user.email()).put("primary", true);
            email.put("type", user.emailType() == null ? "work" : user.emailType());
        }
        node.put("active", user.active());
        if (groups != null) {
            ArrayNode list = node.putArray("groups");
            for (Group group : groups) {
                list.addObject().put("value", group.id()).put("display", group.displayName())
                        .put("$ref", base + "/Groups/" + group.id()).put("type", "direct");
            }
        }
        ObjectNode meta = node.putObject("meta");
        meta.put("resourceType", "User");
        meta.put("created", user.createdAt().toString());
        meta.put("lastModified", user.lastModified().toString());
        meta.put("location", base + "/Users/" + user.id());
        meta.put("version", Versions.etag(user.version()));
        return node;
    }

    private static void putOrRemove(ObjectNode node, String field, String value) {
        if (value == null) {
            node.remove(field);
        } else {
            node.put(field, value);
        }
    }

    private static ObjectNode kept(User user) {
        if (user.scimAttributes() == null) {
            return ScimJson.MAPPER.createObjectNode();
        }
        try {
            return (ObjectNode) ScimJson.MAPPER.readTree(user.scimAttributes());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored SCIM attributes of user " + user.id() + " are not JSON", e);
        }
    }

    private static Map<String, String> canonical(String... names) {
        Map<String, String> map = new TreeMap<>();
        for (String name : names) {
            map.put(name.toLowerCase(Locale.ROOT), name);
        }
        return map;
    }
}
