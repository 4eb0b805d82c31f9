package io.gatehouse.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The management API's whole-number query parameters: read as text, refused as INVALID (never JAX-RS's 404). */
class PageTest {
    @ParameterizedTest
    @CsvSource({"1,1", "500,500", "' 42 ',42", "+7,7", "007,7"})
    void limits(String text, int expected) {
        assertEquals(expected, Page.limit(text, 50));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0", "-1", "501", "1.5", "1e3", "0x10", "2147483648", "99999999999999999999", "٣", "5 5", "--1"})
    void badLimits(String text) {
        DomainException refused = assertThrows(DomainException.class, () -> Page.limit(text, 50), text);
        assertEquals(DomainException.Kind.INVALID, refused.kind());
        assertEquals("limit must be a whole number from 1 to 500", refused.getMessage());
    }

    @Test
    void absentOrEmptyMeansTheDefault() {
        assertEquals(50, Page.limit(null, 50));
        assertEquals(50, Page.limit("", 50));
        assertEquals(50, Page.limit("  ", 50));
        assertEquals(0, Page.offset(null));
        assertEquals(0, Page.offset(""));
        assertNull(Page.wholeNumber("before", "", 0, Long.MAX_VALUE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "-1", "2147483648", "99999999999999999999", "1.0"})
    void badOffsets(String text) {
        assertEquals("offset must be a whole number from 0 to 2147483647",
                assertThrows(DomainException.class, () -> Page.offset(text), text).getMessage());
    }

    @Test
    void offsetsUpToTheIntegerRange() {
        assertEquals(2147483647, Page.offset("2147483647"));
        assertEquals(0, Page.offset("0"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2026-01-01T00:00:00Z", "9223372036854775808", "-5", "1.5"})
    void badBefores(String text) {
        assertEquals(DomainException.Kind.INVALID,
                assertThrows(DomainException.class, () -> Page.wholeNumber("before", text, 0, Long.MAX_VALUE), text).kind());
    }

    @Test
    void beforeUpToTheLongRange() {
        assertEquals(Long.MAX_VALUE, Page.wholeNumber("before", "9223372036854775807", 0, Long.MAX_VALUE));
    }
}
