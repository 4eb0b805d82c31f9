package io.gatehouse.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.filters.FilterType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A SCIM filter (RFC 7644 3.4.2.2) as a JPQL condition, so filtering runs in the database. The
 * UnboundID SDK parses the filter; this class walks its tree and maps each attribute path to a column
 * of the entity (see {@link Attribute}). Attributes without a column cannot be filtered on and are
 * refused with invalidFilter rather than answered wrongly.
 */
final class FilterQuery {
    /** How an attribute is stored, which decides the operators and the value type it accepts. */
    enum Kind { TEXT, EXACT_TEXT, BOOLEAN, INSTANT, MEMBERSHIP }

    /**
     * A filterable attribute: {@code jpql} is the column (for TEXT, a column already holding the
     * lower-cased value, or a LOWER(...) expression). For MEMBERSHIP, {@code jpql} is the condition
     * tying a Membership {@code m} to the resource and {@code memberColumn} the id compared.
     */
    record Attribute(String jpql, Kind kind, String memberColumn) {
        static Attribute of(String jpql, Kind kind) {
            return new Attribute(jpql, kind, null);
        }

        static Attribute membership(String join, String memberColumn) {
            return new Attribute(join, Kind.MEMBERSHIP, memberColumn);
        }

        String exists(String extra) {
            return "EXISTS (SELECT m FROM Membership m WHERE " + jpql + extra + ")";
        }
    }

    private final Map<String, Attribute> attributes;
    private final Map<String, Object> parameters = new LinkedHashMap<>();

    FilterQuery(Map<String, Attribute> attributes) {
        this.attributes = attributes;
    }

    /** The JPQL condition for the filter text; its parameters are in {@link #parameters()}. */
    static FilterQuery parse(String filter, Map<String, Attribute> attributes, StringBuilder condition) {
        refuse(FilterGuard.problem(filter)); // on the text first: one cheap pass, before any parser recurses
        FilterQuery query = new FilterQuery(attributes);
        try {
            Filter parsed = Filter.fromString(ValuePathFilter.rewritten(filter)); // Entra: attr[f].sub op value
            refuse(FilterGuard.problem(parsed));
            condition.append(query.condition(parsed, ""));
        } catch (BadRequestException e) {
            throw ScimProblem.invalidFilter("Invalid filter: " + e.getMessage());
        } catch (StackOverflowError e) {
            // FilterGuard's bounds keep far from this; should a parser still recurse too deep, it is the filter's fault
            throw ScimProblem.invalidFilter("Invalid filter: the filter is nested too deeply");
        } catch (ScimProblem e) {
            throw e;
        } catch (RuntimeException e) {
            throw ScimProblem.invalidFilter("Invalid filter: " + filter);
        }
        return query;
    }

    private static void refuse(String problem) {
        if (problem != null) {
            throw ScimProblem.invalidFilter("Invalid filter: the filter " + problem);
        }
    }

    Map<String, Object> parameters() {
        return parameters;
    }

    /** The attribute a path names, with the schema URN and case ignored; null if it has no column. */
    static String key(Path path, String prefix) {
        StringBuilder key = new StringBuilder(prefix);
        for (int i = 0; i < path.size(); i++) {
            if (i > 0 || !prefix.isEmpty()) {
                key.append('.');
            }
            key.append(path.getElement(i).getAttribute().toLowerCase(Locale.ROOT));
        }
        return key.toString();
    }

    private String condition(Filter filter, String prefix) {
        FilterType type = filter.getFilterType();
        switch (type) {
            case AND, OR -> {
                List<String> parts = new ArrayList<>();
                for (Filter part : filter.getCombinedFilters()) {
                    parts.add(condition(part, prefix));
                }
                return joined(parts, type == FilterType.AND ? " AND " : " OR ", 0, parts.size());
            }
            case NOT -> {
                return "NOT (" + condition(filter.getInvertedFilter(), prefix) + ")";
            }
            case COMPLEX_VALUE -> {
                if (!prefix.isEmpty()) {
                    throw ScimProblem.invalidFilter("Value filters cannot be nested");
                }
                return condition(filter.getValueFilter(), key(filter.getAttributePath(), ""));
            }
            default -> {
                return comparison(filter, prefix);
            }
        }
    }

    /**
     * "(a OR b OR c OR d)" as "((a OR b) OR (c OR d))": EclipseLink's JPQL parser nests a chain one
     * level per operator and walks that depth recursively (a StackOverflowError at about 1,000
     * terms); balanced, 500 terms are 9 levels deep.
     */
    private static String joined(List<String> parts, String operator, int from, int to) {
        if (to - from <= 1) {
            return parts.get(from);
        }
        int middle = (from + to) >>> 1;
        return "(" + joined(parts, operator, from, middle) + operator + joined(parts, operator, middle, to) + ")";
    }

    private String comparison(Filter filter, String prefix) {
        String name = key(filter.getAttributePath(), prefix);
        Attribute attribute = attributes.get(name);
        if (attribute == null && attributes.containsKey(name + ".value")) {
            attribute = attributes.get(name + ".value"); // "emails co x" means emails.value (RFC 7644 3.4.2.2)
        }
        if (attribute == null) {
            throw ScimProblem.invalidFilter("Filtering on '" + filter.getAttributePath() + "' is not supported");
        }
        FilterType type = filter.getFilterType();
        if (type == FilterType.PRESENT) {
            return present(attribute);
        }
        return switch (attribute.kind()) {
            case TEXT, EXACT_TEXT -> text(attribute, type, filter.getComparisonValue(), name);
            case BOOLEAN -> bool(attribute, type, filter.getComparisonValue(), name);
            case INSTANT -> instant(attribute, type, filter.getComparisonValue(), name);
            case MEMBERSHIP -> membership(attribute, type, filter.getComparisonValue(), name);
        };
    }

    private String present(Attribute attribute) {
        return switch (attribute.kind()) {
            case TEXT, EXACT_TEXT -> "(" + attribute.jpql() + " IS NOT NULL AND " + attribute.jpql() + " <> '')";
            case MEMBERSHIP -> attribute.exists("");
            default -> attribute.jpql() + " IS NOT NULL";
        };
    }

    private String text(Attribute attribute, FilterType type, JsonNode value, String name) {
        if (value == null || !value.isTextual()) {
            throw ScimProblem.invalidFilter("'" + name + "' is compared with a string");
        }
        String text = attribute.kind() == Kind.TEXT ? value.asText().toLowerCase(Locale.ROOT) : value.asText();
        String column = attribute.jpql();
        return switch (type) {
            case EQUAL -> guarded(column, column + " = " + bind(text));
            case NOT_EQUAL -> "(" + column + " IS NULL OR " + column + " <> " + bind(text) + ")";
            case CONTAINS, STARTS_WITH, ENDS_WITH -> guarded(column, like(column, type, text));
            case GREATER_THAN -> guarded(column, column + " > " + bind(text));
            case GREATER_OR_EQUAL -> guarded(column, column + " >= " + bind(text));
            case LESS_THAN -> guarded(column, column + " < " + bind(text));
            case LESS_OR_EQUAL -> guarded(column, column + " <= " + bind(text));
            default -> throw ScimProblem.invalidFilter("Operator not supported on '" + name + "'");
        };
    }

    private String bool(Attribute attribute, FilterType type, JsonNode value, String name) {
        Boolean flag = value == null ? null : value.isBoolean() ? Boolean.valueOf(value.booleanValue())
                : value.isTextual() && value.asText().equalsIgnoreCase("true") ? Boolean.TRUE
                : value.isTextual() && value.asText().equalsIgnoreCase("false") ? Boolean.FALSE : null;
        if (flag == null) {
            throw ScimProblem.invalidFilter("'" + name + "' is compared with true or false");
        }
        // Only ever compared with false: EclipseLink sends a bound TRUE to H2 as an integer, which H2
        // refuses; boolean attributes are NOT NULL, so "= true" is "NOT (= false)".
        String isFalse = attribute.jpql() + " = " + bind(Boolean.FALSE);
        boolean wantTrue = flag == (type == FilterType.EQUAL);
        return switch (type) {
            case EQUAL, NOT_EQUAL -> wantTrue ? "NOT (" + isFalse + ")" : isFalse;
            default -> throw ScimProblem.invalidFilter("Only eq, ne and pr apply to the boolean '" + name + "'");
        };
    }

    private String instant(Attribute attribute, FilterType type, JsonNode value, String name) {
        Instant at;
        try {
            at = OffsetDateTime.parse(value == null ? "" : value.asText()).toInstant();
        } catch (DateTimeParseException e) {
            throw ScimProblem.invalidFilter("'" + name + "' is compared with an xsd:dateTime such as 2026-01-31T12:00:00Z");
        }
        String column = attribute.jpql();
        String operator = switch (type) {
            case EQUAL -> " = ";
            case NOT_EQUAL -> " <> ";
            case GREATER_THAN -> " > ";
            case GREATER_OR_EQUAL -> " >= ";
            case LESS_THAN -> " < ";
            case LESS_OR_EQUAL -> " <= ";
            default -> throw ScimProblem.invalidFilter("Operator not supported on the dateTime '" + name + "'");
        };
        return guarded(column, column + operator + bind(at));
    }

    private String membership(Attribute attribute, FilterType type, JsonNode value, String name) {
        if (value == null || !value.isTextual()) {
            throw ScimProblem.invalidFilter("'" + name + "' is compared with an id string");
        }
        String exists = attribute.exists(" AND " + attribute.memberColumn() + " = " + bind(value.asText()));
        return switch (type) {
            case EQUAL -> exists;
            case NOT_EQUAL -> "NOT " + exists;
            default -> throw ScimProblem.invalidFilter("Only eq, ne and pr apply to '" + name + "'");
        };
    }

    /**
     * co / sw / ew. LIKE without an ESCAPE clause (EclipseLink stops binding parameters on H2 when a
     * query has one); values holding a LIKE wildcard or backslash use LOCATE / SUBSTRING instead.
     */
    private String like(String column, FilterType type, String text) {
        boolean plain = text.chars().noneMatch(c -> c == '%' || c == '_' || c == '\\');
        if (plain) {
            String pattern = switch (type) {
                case CONTAINS -> "%" + text + "%";
                case STARTS_WITH -> text + "%";
                default -> "%" + text;
            };
            return column + " LIKE " + bind(pattern);
        }
        return switch (type) {
            case CONTAINS -> "LOCATE(" + bind(text) + ", " + column + ") > 0";
            case STARTS_WITH -> "LOCATE(" + bind(text) + ", " + column + ") = 1";
            default -> "(LENGTH(" + column + ") >= " + text.length() + " AND SUBSTRING(" + column + ", LENGTH(" + column
                    + ") - " + (text.length() - 1) + ") = " + bind(text) + ")";
        };
    }

    private static String guarded(String column, String comparison) {
        // "x IS NOT NULL AND": keeps NOT(...) right for users without the attribute (3-valued logic)
        return "(" + column + " IS NOT NULL AND " + comparison + ")";
    }

    private String bind(Object value) {
        String name = "f" + parameters.size();
        parameters.put(name, value);
        return ":" + name;
    }
}
