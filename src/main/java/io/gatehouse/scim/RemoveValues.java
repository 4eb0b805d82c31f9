package io.gatehouse.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ValueNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.filters.Filter;

/**
 * Microsoft Entra ID's remove of a sub-attribute that carries the value being removed,
 * {@code {"op":"Remove","path":"emails[type eq \"work\"].value","value":"old@example.org"}} (Microsoft's
 * own reference server handles it, AzureAD/SCIMReferenceCode#87). RFC 7644 3.5.2.2 gives remove no
 * value, and the SDK refuses one here; the value becomes part of the filter instead,
 * {@code emails[type eq "work" and value eq "old@example.org"].value}, so the sub-attribute goes only
 * while it still holds that value, and a remove of a value already replaced changes nothing.
 */
final class RemoveValues {
    private RemoveValues() {
    }

    /** Rewrites, in place, each such remove of {@code attr[filter].sub} with a plain value. */
    static void intoFilters(ArrayNode operations) {
        for (JsonNode operation : operations) {
            JsonNode value = operation.get("value");
            if (operation.path("op").asText().equalsIgnoreCase("remove") && operation.path("path").isTextual()
                    && value != null && value.isValueNode() && !value.isNull()) {
                Path conditional = conditional(operation.get("path").asText(), (ValueNode) value);
                if (conditional != null) {
                    ((ObjectNode) operation).put("path", conditional.toString()).remove("value");
                }
            }
        }
    }

    private static Path conditional(String text, ValueNode value) {
        Path path;
        try {
            path = Path.fromString(text);
        } catch (BadRequestException e) {
            return null; // the SDK refuses it with its own message when it reads the request
        }
        if (path.size() != 2 || path.getElement(0).getValueFilter() == null || path.getElement(1).getValueFilter() != null) {
            return null;
        }
        String attribute = path.getElement(0).getAttribute();
        String sub = path.getElement(1).getAttribute();
        Filter both = Filter.and(path.getElement(0).getValueFilter(), Filter.eq(Path.root().attribute(sub), value));
        Path root = path.getSchemaUrn() == null ? Path.root() : Path.root(path.getSchemaUrn());
        return root.attribute(attribute, both).attribute(sub);
    }
}
