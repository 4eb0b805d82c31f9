package io.gatehouse.platform;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A JSON object request body read field by field, for updates where "absent" (leave as is) and
 * "null" (clear) differ. Wrong types are INVALID with the field's name.
 */
public final class JsonBody {
    private final JsonNode node;

    private JsonBody(JsonNode node) {
        this.node = node;
    }

    public static JsonBody of(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw DomainException.invalid("The request body must be a JSON object");
        }
        return new JsonBody(node);
    }

    public boolean has(String field) {
        return node.has(field);
    }

    /** The text of a field; null when absent or null. */
    public String text(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw DomainException.invalid(field + " must be a string");
        }
        return value.textValue();
    }

    /** A boolean field; null when absent or null. */
    public Boolean bool(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isBoolean()) {
            throw DomainException.invalid(field + " must be true or false");
        }
        return value.booleanValue();
    }

    /** A whole-number field; null when absent or null. */
    public Integer integer(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw DomainException.invalid(field + " must be a whole number");
        }
        return value.intValue();
    }

    /** An array-of-strings field; empty when absent or null. */
    public java.util.List<String> strings(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return java.util.List.of();
        }
        java.util.List<String> items = new java.util.ArrayList<>();
        if (value.isArray()) {
            value.forEach(item -> items.add(item.isTextual() ? item.textValue() : null));
        }
        if (!value.isArray() || items.contains(null)) {
            throw DomainException.invalid(field + " must be an array of strings");
        }
        return items;
    }
}
