package io.gatehouse.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code attributes} / {@code excludedAttributes} parameters (RFC 7644 3.9): which attributes a
 * response carries. {@code id} and {@code schemas} are always returned. Names are case-insensitive
 * and may carry a schema URN prefix; "name.givenName" selects a sub-attribute.
 */
final class AttributeSelection {
    private static final Set<String> ALWAYS = Set.of("id", "schemas");
    /** ATTRNAME ["." subAttr] of RFC 7644's ABNF (lower-cased). */
    private static final java.util.regex.Pattern ATTRIBUTE_NAME =
            java.util.regex.Pattern.compile("[a-z$][a-z0-9$_-]*(\\.[a-z$][a-z0-9$_-]*)?");

    private final Set<String> included;
    private final Set<String> excluded;

    private AttributeSelection(Set<String> included, Set<String> excluded) {
        this.included = included;
        this.excluded = excluded;
    }

    static AttributeSelection of(String attributes, String excludedAttributes) {
        return new AttributeSelection(names(attributes), names(excludedAttributes));
    }

    private static Set<String> names(String list) {
        Set<String> names = new HashSet<>();
        if (list != null) {
            for (String name : list.split(",")) {
                String trimmed = name.strip().toLowerCase(Locale.ROOT);
                int colon = trimmed.lastIndexOf(':');
                if (colon >= 0) {
                    trimmed = trimmed.substring(colon + 1); // urn:...:User:userName -> username
                }
                if (!trimmed.isEmpty()) {
                    if (!ATTRIBUTE_NAME.matcher(trimmed).matches()) {
                        throw ScimProblem.invalidValue("'" + name.strip() + "' is not an attribute name");
                    }
                    names.add(trimmed);
                }
            }
        }
        return names;
    }

    /** Whether the response needs this top-level attribute (so expensive ones, like members, can be skipped). */
    boolean wants(String attribute) {
        String name = attribute.toLowerCase(Locale.ROOT);
        if (ALWAYS.contains(name)) {
            return true;
        }
        if (!included.isEmpty()) {
            return included.stream().anyMatch(i -> i.equals(name) || i.startsWith(name + "."));
        }
        return !excluded.contains(name);
    }

    /** Removes what was not asked for, in place. */
    ObjectNode apply(ObjectNode resource) {
        if (included.isEmpty() && excluded.isEmpty()) {
            return resource;
        }
        filter(resource, "");
        return resource;
    }

    private void filter(ObjectNode node, String prefix) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey().toLowerCase(Locale.ROOT);
            int colon = name.lastIndexOf(':');
            boolean extension = colon >= 0;
            String path = prefix + (extension ? "" : name);
            if (extension && field.getValue().isObject()) {
                filter((ObjectNode) field.getValue(), ""); // extension attributes are named without their URN
                if (field.getValue().isEmpty()) {
                    fields.remove();
                }
                continue;
            }
            if (prefix.isEmpty() && ALWAYS.contains(path)) {
                continue;
            }
            if (!keep(path)) {
                fields.remove();
            } else if (field.getValue().isObject() && !included.isEmpty() && !included.contains(path)) {
                filter((ObjectNode) field.getValue(), path + ".");
            }
        }
    }

    private boolean keep(String path) {
        if (excluded.contains(path)) {
            return false;
        }
        if (included.isEmpty()) {
            return true;
        }
        return included.stream().anyMatch(i -> i.equals(path) || i.startsWith(path + ".") || path.startsWith(i + "."));
    }
}
