package io.gatehouse.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.GenericScimResource;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.filters.FilterType;
import com.unboundid.scim2.common.messages.PatchOpType;
import com.unboundid.scim2.common.messages.PatchOperation;
import com.unboundid.scim2.common.messages.PatchRequest;
import com.unboundid.scim2.common.utils.JsonUtils;

/**
 * Reading a PATCH request (RFC 7644 3.5.2) and applying it with the UnboundID SDK, with the
 * allowances real clients need: Entra ID's capitalised ops ("Replace") are read by the SDK; Entra's
 * "Add" to {@code emails[type eq "work"].value} when a work e-mail exists becomes a replace, and a
 * replace of such a path with no matching value adds one, as Entra expects; Entra's path-less value
 * keyed by paths is split by {@link PathlessValues}, its remove carrying a value made a filter by
 * {@link RemoveValues}. A remove without a path is noTarget and a path outside the User schema
 * invalidPath, as RFC 7644 3.5.2 and 3.12 say.
 */
final class PatchOperations {
    static final String SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    private PatchOperations() {
    }

    static PatchRequest read(ObjectNode body) {
        JsonNode operations = body.get("Operations");
        if (operations == null) {
            operations = body.get("operations");
            if (operations != null) {
                body.set("Operations", body.remove("operations"));
            }
        }
        if (operations == null || !operations.isArray() || operations.isEmpty()) {
            throw ScimProblem.badRequest("invalidSyntax", "A PATCH needs a non-empty 'Operations' array");
        }
        refuseOps(operations);
        ArrayNode expanded = PathlessValues.expanded((ArrayNode) operations);
        body.set("Operations", expanded);
        refusePaths(expanded);
        RemoveValues.intoFilters(expanded);
        try {
            PatchRequest patch = JsonUtils.getObjectReader().forType(PatchRequest.class).readValue(body);
            for (PatchOperation operation : patch) {
                refuseValueFilters(operation.getPath());
            }
            return patch;
        } catch (java.io.IOException e) {
            Throwable cause = e.getCause();
            if (cause instanceof BadRequestException bad) {
                throw ScimProblem.badRequest(bad.getScimError().getScimType() == null ? "invalidPath" : bad.getScimError().getScimType(),
                        bad.getMessage());
            }
            throw ScimProblem.badRequest("invalidSyntax", "Invalid PATCH operation: " + firstLine(e.getMessage()));
        }
    }

    private static void refuseOps(JsonNode operations) {
        for (JsonNode operation : operations) {
            if (!operation.isObject() || !operation.path("op").isTextual()) {
                throw ScimProblem.badRequest("invalidSyntax", "Each operation needs an 'op' of add, replace or remove");
            }
            if (operation.path("op").asText().equalsIgnoreCase("remove") && PathlessValues.isPathless(operation)) {
                throw ScimProblem.badRequest("noTarget", "A remove operation needs a 'path' (RFC 7644 3.5.2.2)");
            }
        }
    }

    private static void refusePaths(JsonNode operations) {
        for (JsonNode operation : operations) {
            if (operation.has("path") && !operation.get("path").isTextual()) {
                throw ScimProblem.invalidPath("'path' must be a string");
            }
            String problem = operation.has("path") ? FilterGuard.problem(operation.get("path").textValue()) : null;
            if (problem != null) { // before the SDK parses it: a path's value filter is a filter
                throw ScimProblem.invalidPath("Invalid path: the path " + problem);
            }
        }
    }

    /** {@code members[value eq "\\u0000"]}: a NUL from the filter's own escape would reach the database. */
    private static void refuseValueFilters(Path path) {
        for (int i = 0; path != null && i < path.size(); i++) {
            Filter filter = path.getElement(i).getValueFilter();
            String problem = filter == null ? null : FilterGuard.problem(filter);
            if (problem != null) {
                throw ScimProblem.invalidPath("Invalid path: the value filter " + problem);
            }
        }
    }

    /** Applies every operation to a copy of the resource; any failure refuses the whole PATCH. */
    static ObjectNode apply(PatchRequest patch, ObjectNode resource, String resourceType) {
        ObjectNode node = resource.deepCopy();
        for (PatchOperation operation : patch) {
            refuseReadOnly(operation, resourceType);
            if (resourceType.equals("User") && !UserJson.knows(operation.getPath())) {
                throw ScimProblem.invalidPath("'" + operation.getPath() + "' is not an attribute of the User schema"
                        + " or its enterprise extension");
            }
            try {
                applyOne(operation, node);
            } catch (ScimException e) {
                throw new ScimProblem(e.getScimError().getStatus(), e.getScimError().getScimType(), e.getMessage());
            } catch (RuntimeException e) {
                throw ScimProblem.invalidValue("Cannot apply " + operation.getOpType() + " to '" + operation.getPath() + "'");
            }
        }
        return node;
    }

    private static void applyOne(PatchOperation operation, ObjectNode node) throws ScimException {
        Path path = operation.getPath();
        Filter typeFilter = path == null || path.size() != 2 ? null : path.getElement(0).getValueFilter();
        boolean typed = typeFilter != null && typeFilter.getFilterType() == FilterType.EQUAL
                && typeFilter.getComparisonValue() != null && typeFilter.getComparisonValue().isTextual();
        if (!typed || operation.getOpType() == PatchOpType.REMOVE) {
            operation.apply(node);
            return;
        }
        boolean exists = !new GenericScimResource(node).getValue(path).isMissingNode()
                && !isEmpty(new GenericScimResource(node).getValue(path));
        if (operation.getOpType() == PatchOpType.ADD && exists) {
            PatchOperation.replace(path, operation.getJsonNode()).apply(node);
        } else if (operation.getOpType() == PatchOpType.REPLACE && !matches(node, path)) {
            ObjectNode element = ScimJson.MAPPER.createObjectNode();
            element.set(typeFilter.getAttributePath().getElement(0).getAttribute(), typeFilter.getComparisonValue());
            element.set(path.getElement(1).getAttribute(), operation.getJsonNode());
            ArrayNode values = ScimJson.MAPPER.createArrayNode().add(element);
            PatchOperation.add(Path.root().attribute(path.getElement(0).getAttribute()), values).apply(node);
        } else {
            operation.apply(node);
        }
    }

    private static boolean matches(ObjectNode node, Path path) throws ScimException {
        JsonNode values = new GenericScimResource(node).getValue(Path.root().attribute(
                path.getElement(0).getAttribute(), path.getElement(0).getValueFilter()));
        return !isEmpty(values);
    }

    private static boolean isEmpty(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() || (node.isArray() && node.isEmpty());
    }

    private static void refuseReadOnly(PatchOperation operation, String resourceType) {
        Path path = operation.getPath();
        if (path == null || path.isRoot()) {
            return;
        }
        String first = path.getElement(0).getAttribute();
        if (first.equalsIgnoreCase("id") || first.equalsIgnoreCase("meta")
                || (resourceType.equals("User") && first.equalsIgnoreCase("groups"))) {
            throw ScimProblem.badRequest("mutability", "'" + first + "' is read-only");
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
