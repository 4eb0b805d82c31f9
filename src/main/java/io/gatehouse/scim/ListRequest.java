package io.gatehouse.scim;

import java.util.Locale;
import java.util.Map;

/**
 * The query parameters of a SCIM list (RFC 7644 3.4.2): filter, 1-based startIndex, count, sortBy and
 * sortOrder, turned into a JPQL WHERE and ORDER BY over one entity.
 */
record ListRequest(String filter, int startIndex, int count, String sortBy, boolean descending) {
    static final int DEFAULT_COUNT = 100;
    static final int MAX_COUNT = 1000;

    static ListRequest of(String filter, String startIndex, String count, String sortBy, String sortOrder) {
        int start = Math.max(1, number("startIndex", startIndex, 1));
        int size = Math.min(MAX_COUNT, Math.max(0, number("count", count, DEFAULT_COUNT)));
        boolean descending = sortOrder != null && sortOrder.toLowerCase(Locale.ROOT).startsWith("desc");
        if (sortOrder != null && !descending && !sortOrder.equalsIgnoreCase("ascending")) {
            throw ScimProblem.invalidValue("sortOrder must be ascending or descending");
        }
        return new ListRequest(filter == null || filter.isBlank() ? null : filter, start, size,
                sortBy == null || sortBy.isBlank() ? null : sortBy, descending);
    }

    private static int number(String name, String value, int otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, Long.parseLong(value.strip())));
        } catch (NumberFormatException e) {
            throw ScimProblem.invalidValue(name + " must be an integer");
        }
    }

    /** The JPQL "WHERE ..." (project scope plus the filter) and its parameters. */
    Where where(String alias, String projectId, Map<String, FilterQuery.Attribute> attributes) {
        StringBuilder condition = new StringBuilder(" WHERE " + alias + ".projectId = :project");
        Map<String, Object> parameters = new java.util.LinkedHashMap<>();
        parameters.put("project", projectId);
        if (filter != null) {
            condition.append(" AND ");
            parameters.putAll(FilterQuery.parse(filter, attributes, condition).parameters());
        }
        return new Where(condition.toString(), parameters);
    }

    record Where(String jpql, Map<String, Object> parameters) {
    }

    /** "ORDER BY ..." on the sortBy attribute, ties broken by id so pages never overlap. */
    String orderBy(String alias, Map<String, FilterQuery.Attribute> attributes, String defaultColumn) {
        String column = defaultColumn;
        if (sortBy != null) {
            FilterQuery.Attribute attribute;
            try {
                attribute = attributes.get(FilterQuery.key(com.unboundid.scim2.common.Path.fromString(sortBy), ""));
            } catch (com.unboundid.scim2.common.exceptions.BadRequestException | RuntimeException e) {
                attribute = null;
            }
            if (attribute == null || attribute.kind() == FilterQuery.Kind.MEMBERSHIP) {
                throw ScimProblem.invalidValue("Sorting by '" + sortBy + "' is not supported");
            }
            column = attribute.jpql();
        }
        String direction = descending ? " DESC" : " ASC";
        return " ORDER BY " + column + direction + ", " + alias + ".id" + direction;
    }
}
