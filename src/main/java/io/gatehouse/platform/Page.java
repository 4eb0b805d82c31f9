package io.gatehouse.platform;

import java.util.List;
import java.util.function.Function;

/** One page of a larger result: the items, and how many there are in all. */
public record Page<T>(List<T> items, long total, int offset, int limit) {
    public static final int MAX_LIMIT = 500;

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), total, offset, limit);
    }

    /** A limit within 1..MAX_LIMIT, or INVALID. */
    public static int limit(Integer requested, int fallback) {
        int limit = requested == null ? fallback : requested;
        if (limit < 1 || limit > MAX_LIMIT) {
            throw DomainException.invalid("limit must be between 1 and " + MAX_LIMIT);
        }
        return limit;
    }

    public static int offset(Integer requested) {
        int offset = requested == null ? 0 : requested;
        if (offset < 0) {
            throw DomainException.invalid("offset must not be negative");
        }
        return offset;
    }
}
