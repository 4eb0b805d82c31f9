package io.gatehouse.scim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class LoggedBodyTest {
    private static final String M = "\"" + LoggedBody.MASK + "\"";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // RFC 7643 4.1.1 / Okta's create with a password (SCIM password sync)
        "{\"userName\":\"bjensen\",\"password\":\"t1meMa$heen\"}|{\"userName\":\"bjensen\",\"password\":" + M + "}",
        // spacing and member order are kept as sent
        "{ \"password\" : \"x\" , \"active\":true }|{ \"password\" : " + M + " , \"active\":true }",
        // RFC 7644 3.5.2 PATCH with a path naming the password
        "{\"Operations\":[{\"op\":\"replace\",\"path\":\"password\",\"value\":\"new\"}]}|{\"Operations\":[{\"op\":\"replace\",\"path\":\"password\",\"value\":" + M + "}]}",
        // the value before the path
        "{\"Operations\":[{\"value\":\"new\",\"op\":\"Replace\",\"path\":\"PASSWORD\"}]}|{\"Operations\":[{\"value\":" + M + ",\"op\":\"Replace\",\"path\":\"PASSWORD\"}]}",
        // Entra's path-less replace: the password inside the value object, the rest kept
        "{\"Operations\":[{\"op\":\"Replace\",\"value\":{\"active\":false,\"password\":\"p\"}}]}|{\"Operations\":[{\"op\":\"Replace\",\"value\":{\"active\":false,\"password\":" + M + "}}]}",
        // other operations' values are not secrets
        "{\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}|{\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}",
        // a non-string secret, a nested secret and an escaped quote inside one
        "{\"a\":{\"clientSecret\":{\"k\":1}},\"password\":\"q\\\"x\",\"n\":1}|{\"a\":{\"clientSecret\":" + M + "},\"password\":" + M + ",\"n\":1}",
        "{\"password\":12345}|{\"password\":" + M + "}",
    })
    void masksSecretsAndKeepsTheRestAsSent(String sent, String logged) {
        assertEquals(logged, LoggedBody.of(bytes(sent), bytes(sent).length));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"userName\":\"a\",\"password\":\"secret1\"",              // cut
        "{\"userName\":\"a\" \"password\":\"secret1\"}",             // malformed
        "{\"Operations\":[{\"op\":\"replace\",\"path\":\"password\",\"value\":\"secret1\"",
    })
    void bodiesThatAreNotWholeJsonAreMaskedByPattern(String sent) {
        String logged = LoggedBody.of(bytes(sent), bytes(sent).length + 100);
        assertFalse(logged.contains("secret1"), logged);
        assertTrue(logged.endsWith("(cut: the body had " + (bytes(sent).length + 100) + " bytes)"), logged);
    }

    @Test
    void longBodiesAreCut() {
        byte[] big = new byte[LoggedBody.CAPTURE_BYTES];
        Arrays.fill(big, (byte) 'a');
        String logged = LoggedBody.of(big, 1_000_000);
        assertTrue(logged.startsWith("aaaa"));
        assertTrue(logged.endsWith("… (cut: the body had 1000000 bytes)"));
        assertTrue(logged.length() <= LoggedBody.MAX_CHARS + 60);
    }

    @Test
    void noBodyIsNull() {
        assertNull(LoggedBody.of(new byte[0], 0));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"\"abc\",|5", "\"a\\\"b\"}|6", "true,|4", "-1.5e3}|6", "null|4"})
    void scalarEnds(String text, int end) {
        assertEquals(end, LoggedBody.scalarEnd(text, 0));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
