package io.gatehouse.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** NUL and lone surrogates, in text and anywhere in a JSON document. */
class TextInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "Zoë Ångström", "\uD83D\uDE00 emoji", "tab\tand newline\n", "\u00A0\uFFFD\uFFFF", "\uDBFF\uDFFF"})
    void acceptable(String text) {
        assertNull(TextInput.problem(text), text);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("\u0000", "contains a NUL character (U+0000)"),
                Arguments.of("a\u0000b", "contains a NUL character (U+0000)"),
                Arguments.of("\uD800", "contains an unpaired UTF-16 surrogate (U+D800), which is not a character"),
                Arguments.of("x\uDC00", "contains an unpaired UTF-16 surrogate (U+DC00), which is not a character"),
                Arguments.of("\uDE00\uD83D", "contains an unpaired UTF-16 surrogate (U+DE00), which is not a character"),
                Arguments.of("\uD83D\uD83D\uDE00", "contains an unpaired UTF-16 surrogate (U+D83D), which is not a character"),
                Arguments.of("\uD83D\uDE00\uDBFF", "contains an unpaired UTF-16 surrogate (U+DBFF), which is not a character"));
    }

    @ParameterizedTest
    @MethodSource
    void refused(String text, String expected) {
        assertEquals(expected, TextInput.problem(text));
    }

    static Stream<Arguments> documents() {
        return Stream.of(
                Arguments.of("{\"a\": \"ok\", \"b\": [1, true, null, {\"c\": \"x\\u0000\"}]}", "'b[3].c' contains a NUL character (U+0000)"),
                Arguments.of("{\"emails\": [{\"value\": \"\\ud800\"}]}", "'emails[0].value' contains an unpaired UTF-16 surrogate (U+D800), which is not a character"),
                Arguments.of("{\"ti\\u0000tle\": 1}", "The field name 'ti\\u0000tle' contains a NUL character (U+0000)"),
                Arguments.of("{\"a\": {\"\\udc00\": \"v\"}}", "The field name 'a.\\udc00' contains an unpaired UTF-16 surrogate (U+DC00), which is not a character"),
                Arguments.of("[\"fine\", \"\\u0000\"]", "'[1]' contains a NUL character (U+0000)"),
                Arguments.of("\"\\u0000\"", "The request body contains a NUL character (U+0000)"));
    }

    @ParameterizedTest
    @MethodSource
    void documents(String json, String expected) throws Exception {
        assertEquals(expected, TextInput.problem(JSON.readTree(json)));
    }

    @Test
    void cleanDocumentsPass() throws Exception {
        assertNull(TextInput.problem(JSON.readTree("{\"a\": [\"\\ud83d\\ude00\", {\"b\": 1.5}], \"c\": \"\\u0041\"}")));
    }

    @Test
    void messagesCarryTheCharactersEscaped() {
        assertEquals("a\\u0000b\\ud800\uD83D\uDE00", TextInput.escaped("a\u0000b\uD800\uD83D\uDE00"));
    }
}
