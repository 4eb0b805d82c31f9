package io.gatehouse.platform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What a request writes back of a shared session: only what it changed, in place or by setAttribute. */
class SharedSessionTest {
    private static SharedSession stored(Map<String, Object> attributes) throws IOException {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : attributes.entrySet()) {
            bytes.put(e.getKey(), SessionAttributes.serialize(e.getValue()));
        }
        return new SharedSession(null, "id", 1, 1, 1800, SessionAttributes.decode(SessionAttributes.encode(bytes)), false);
    }

    @Test
    void readingWithoutChangingWritesNothing() throws IOException {
        SharedSession session = stored(Map.of("admin", "ada", "views", new ArrayList<>(List.of("a"))));
        assertEquals("ada", session.getAttribute("admin"));
        assertEquals(List.of("a"), session.getAttribute("views"));
        assertTrue(session.changes().none());
    }

    @Test
    void anObjectChangedInPlaceIsWrittenWithoutSetAttribute() throws IOException {
        SharedSession session = stored(Map.of("admin", "ada", "views", new ArrayList<>(List.of("a"))));
        @SuppressWarnings("unchecked")
        List<String> views = (List<String>) session.getAttribute("views");
        views.add("b"); // as Faces does with its view-state map
        SharedSession.Changes changes = session.changes();
        assertEquals(Set.of("views"), changes.changed().keySet(), "only the changed attribute, not the untouched one");
        assertTrue(changes.removed().isEmpty());
    }

    @Test
    void setAndRemovedAttributesAreWrittenAndTheWriteBecomesTheBaseline() throws IOException {
        SharedSession session = stored(Map.of("admin", "ada", "project", "p1"));
        session.setAttribute("admin", "grace");
        session.setAttribute("new", 42);
        session.removeAttribute("project");
        SharedSession.Changes changes = session.changes();
        assertEquals(Set.of("admin", "new"), changes.changed().keySet());
        assertEquals(Set.of("project"), changes.removed());
        assertNull(session.getAttribute("project"));
        assertEquals(Set.of("admin", "new"), Set.copyOf(Collections.list(session.getAttributeNames())));
        session.written(changes);
        assertTrue(session.changes().none(), "nothing more to write after the write");
    }

    @Test
    void aValueThatNoLongerReadsIsDroppedAloneAndRemovedFromTheStore() throws IOException {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        bytes.put("admin", SessionAttributes.serialize("ada"));
        bytes.put("broken", new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5, 1, 2, 3}); // a stream header, then junk
        SharedSession session = new SharedSession(null, "id", 1, 1, 1800, bytes, false);
        assertNull(session.getAttribute("broken"));
        assertEquals("ada", session.getAttribute("admin"));
        assertEquals(Set.of("broken"), session.changes().removed());
    }

    /**
     * Whoever can write the session table must not get a node to deserialize a library's class (the
     * start of a gadget chain): a serializable class outside the allowed packages is refused, and the
     * attribute dropped.
     */
    @Test
    void aClassOutsideTheAllowedPackagesIsNotDeserialized() throws IOException {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        bytes.put("gadget", SessionAttributes.serialize(com.nimbusds.jose.JWSAlgorithm.RS256)); // Serializable, another library's
        bytes.put("list", SessionAttributes.serialize(new ArrayList<>(List.of("kept"))));
        SharedSession session = new SharedSession(null, "id", 1, 1, 1800, bytes, false);
        assertNull(session.getAttribute("gadget"));
        assertEquals(List.of("kept"), session.getAttribute("list"));
        assertThrows(java.io.InvalidClassException.class, () -> SessionAttributes.deserialize(bytes.get("gadget")));
    }

    /** Two tabs' requests on two nodes, each adding its view to Faces' map of views: both views stay. */
    @Test
    void concurrentChangesToAMapMergeByEntry() throws Exception {
        Map<String, String> base = new java.util.HashMap<>(Map.of("tab1", "view 1", "old", "view 0"));
        Map<String, String> ours = new java.util.HashMap<>(base);
        ours.put("tab1", "view 1, clicked");
        ours.remove("old");
        Map<String, String> theirs = new java.util.HashMap<>(base);
        theirs.put("tab2", "view 2");
        Object merged = SessionAttributes.deserialize(SessionAttributes.merge(SessionAttributes.serialize(new java.util.HashMap<>(base)),
                SessionAttributes.serialize(ours), SessionAttributes.serialize(theirs)));
        assertEquals(Map.of("tab1", "view 1, clicked", "tab2", "view 2"), merged,
                "ours changed and removed, theirs added: nothing of either is lost");
    }

    @Test
    void withoutAConcurrentChangeOrForOtherValuesTheLastWriteWins() throws Exception {
        byte[] base = SessionAttributes.serialize("a");
        byte[] ours = SessionAttributes.serialize("b");
        assertArrayEquals(ours, SessionAttributes.merge(base, ours, base), "nobody else changed it");
        assertArrayEquals(ours, SessionAttributes.merge(base, ours, null), "nobody else has it");
        assertArrayEquals(ours, SessionAttributes.merge(base, ours, SessionAttributes.serialize("c")), "not a map: ours");
        assertArrayEquals(ours, SessionAttributes.merge(null, ours, SessionAttributes.serialize("c")), "new here: ours");
    }

    @Test
    void anInvalidatedSessionRefusesUseAsTheServletApiSays() throws IOException {
        SharedSession session = stored(Map.of("admin", "ada"));
        session.invalidate();
        assertTrue(session.invalid());
        assertThrows(IllegalStateException.class, () -> session.getAttribute("admin"));
        assertThrows(IllegalStateException.class, () -> session.setAttribute("admin", "x"));
    }

    @Test
    void aValueThatCannotBeSerializedIsNotWrittenAndTheOthersAre() throws IOException {
        SharedSession session = stored(Map.of());
        session.setAttribute("thread", new Object());
        session.setAttribute("admin", "ada");
        assertEquals(Set.of("admin"), session.changes().changed().keySet());
    }

    static Stream<Arguments> maps() {
        Map<String, byte[]> several = new LinkedHashMap<>();
        several.put("a", new byte[] {1, 2, 3});
        several.put("ünïcode name", new byte[0]);
        several.put("binary", new byte[] {0, (byte) 0xFF, 0x7F, (byte) 0x80});
        return Stream.of(Arguments.of(Map.of()), Arguments.of(Map.of("one", new byte[] {42})), Arguments.of(several));
    }

    @ParameterizedTest
    @MethodSource("maps")
    void theStoredFormReadsBackAsWritten(Map<String, byte[]> attributes) {
        Map<String, byte[]> back = SessionAttributes.decode(SessionAttributes.encode(attributes));
        assertEquals(attributes.keySet(), back.keySet());
        attributes.forEach((name, value) -> assertArrayEquals(value, back.get(name), name));
    }

    @Test
    void anUnreadableStoredFormIsRefusedNotHalfRead() {
        assertThrows(IllegalStateException.class, () -> SessionAttributes.decode("not base64 at all!"));
        assertEquals(Map.of(), SessionAttributes.decode(""));
    }
}
