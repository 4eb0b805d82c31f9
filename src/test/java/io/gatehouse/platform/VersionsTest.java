package io.gatehouse.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class VersionsTest {
    @Test
    void ifMatchNamesAVersion() {
        assertEquals(3L, Versions.fromIfMatch(Versions.etag(3)));
        assertEquals(3L, Versions.fromIfMatch("\"3\""));
        assertNull(Versions.fromIfMatch(null));
        assertNull(Versions.fromIfMatch("*"));
        assertEquals(DomainException.Kind.PRECONDITION_FAILED,
                assertThrows(DomainException.class, () -> Versions.fromIfMatch("W/\"abc\"")).kind());
    }

    @Test
    void aStaleVersionIsRefused() {
        Versions.check(null, 5);
        Versions.check(5L, 5);
        assertEquals(DomainException.Kind.PRECONDITION_FAILED,
                assertThrows(DomainException.class, () -> Versions.check(4L, 5)).kind());
    }
}
