package io.gatehouse.platform;

import java.util.List;
import java.util.function.Function;

/** One page of a larger result: the items, and how many there are in all. */
public record Page<T>(List<T> items, long total, int offset, int limit) {
    public static final int MAX_LIMIT = 500;
    private static final java.util.regex.Pattern WHOLE_NUMBER = java.util.regex.Pattern.compile("[+-]?[0-9]+");

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), total, offset, limit);
    }

    /** The {@code limit} query parameter within 1..MAX_LIMIT, the fallback when absent, or INVALID. */
    public static int limit(String requested, int fallback) {
        Long limit = wholeNumber("limit", requested, 1, MAX_LIMIT);
        return limit == null ? fallback : limit.intValue();
    }

    /** The {@code offset} query parameter, 0 when absent, or INVALID. */
    public static int offset(String requested) {
        Long offset = wholeNumber("offset", requested, 0, Integer.MAX_VALUE);
        return offset == null ? 0 : offset.intValue();
    }

    /**
     * A whole-number query parameter within min..max; null when absent or empty; INVALID (400 with
     * the API's error) when it is not one, is out of range, or overflows. The resources take such
     * parameters as text: JAX-RS answers a query parameter its own conversion cannot read with 404.
     */
    public static Long wholeNumber(String name, String value, long min, long max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String range = name + " must be a whole number from " + min + " to " + max;
        String digits = value.strip();
        if (!WHOLE_NUMBER.matcher(digits).matches()) { // ASCII only: Long.parseLong also reads other scripts' digits
            throw DomainException.invalid(range);
        }
        long number;
        try {
            number = Long.parseLong(digits);
        } catch (NumberFormatException overflow) {
            throw DomainException.invalid(range);
        }
        if (number < min || number > max) {
            throw DomainException.invalid(range);
        }
        return number;
    }
}
