package io.gatehouse.scim;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request or response body as the SCIM request log keeps it: exactly as it was sent (so an admin sees
 * what the identity provider really sent, odd spacing and duplicate keys included) except that secret
 * values are replaced by {@link #MASK}, and at most {@link #MAX_CHARS} characters.
 * <p>
 * Secret: the value of any member whose name contains "password" or "secret", and the {@code value}
 * of a PATCH operation whose {@code path} names one ({@code {"op":"replace","path":"password","value":…}}).
 * A body that is not complete JSON (cut at {@link #CAPTURE_BYTES}, or malformed) is masked by text
 * patterns instead, erring towards masking too much.
 */
final class LoggedBody {
    /** What the recorder copies of each body; the rest is counted, not kept. */
    static final int CAPTURE_BYTES = 16 * 1024;
    static final int MAX_CHARS = 16 * 1024;
    static final String MASK = "********";

    private static final JsonFactory JSON = new JsonFactory();
    private static final String STRING = "\"(?:[^\"\\\\]|\\\\.)*+\"";
    private static final Pattern SECRET_MEMBER = Pattern.compile(
            "(\"[^\"]*(?:password|secret)[^\"]*\"\\s*:\\s*)(" + STRING + ")", Pattern.CASE_INSENSITIVE);
    private static final Pattern SECRET_PATH = Pattern.compile("\"path\"\\s*:\\s*\"[^\"]*(?:password|secret)", Pattern.CASE_INSENSITIVE);
    private static final Pattern ANY_VALUE = Pattern.compile("(\"value\"\\s*:\\s*)(" + STRING + ")");

    private LoggedBody() {
    }

    /** The body to store for the first bytes of a body of {@code totalBytes}; null for no body. */
    static String of(byte[] captured, long totalBytes) {
        if (totalBytes == 0) {
            return null;
        }
        String text = new String(captured, StandardCharsets.UTF_8);
        boolean complete = captured.length == totalBytes;
        String masked = complete ? maskJson(text) : maskText(text);
        boolean cut = masked.length() > MAX_CHARS;
        if (cut) {
            masked = masked.substring(0, MAX_CHARS);
        }
        return cut || !complete ? masked + "\n… (cut: the body had " + totalBytes + " bytes)" : masked;
    }

    /** Masks the secret values of a JSON text in place; falls back on the text patterns if it is not JSON. */
    static String maskJson(String text) {
        List<int[]> secrets = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(text)) {
            collect(parser, text, secrets);
        } catch (IOException notJson) {
            return maskText(text);
        }
        secrets.sort((a, b) -> Integer.compare(a[0], b[0]));
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (int[] range : secrets) {
            if (range[0] >= at) { // a secret inside a masked operation value is already gone
                out.append(text, at, range[0]).append('"').append(MASK).append('"');
                at = range[1];
            }
        }
        return out.append(text, at, text.length()).toString();
    }

    /**
     * An object or array being read. For an object: the member being read, where its "value" member
     * lies and whether its "path" names a secret; for a container that is some object's "value": that object.
     */
    private static final class Frame {
        final boolean object;
        final int start;
        final Frame valueOf;
        String member;
        int[] value;
        boolean secretPath;

        Frame(boolean object, int start, Frame valueOf) {
            this.object = object;
            this.start = start;
            this.valueOf = valueOf;
        }
    }

    private static void collect(JsonParser parser, String text, List<int[]> secrets) throws IOException {
        Deque<Frame> open = new ArrayDeque<>();
        JsonToken token;
        while ((token = parser.nextToken()) != null) {
            Frame frame = open.peek();
            int start = (int) parser.getTokenLocation().getCharOffset();
            String member = frame == null || !frame.object ? null : frame.member;
            if (token == JsonToken.FIELD_NAME) {
                frame.member = parser.getCurrentName();
            } else if (token.isStructStart()) {
                if (member != null && isSecret(member)) {
                    parser.skipChildren();
                    secrets.add(new int[] {start, (int) parser.getTokenLocation().getCharOffset() + 1});
                } else {
                    open.push(new Frame(token == JsonToken.START_OBJECT, start, "value".equals(member) ? frame : null));
                }
            } else if (token.isStructEnd()) {
                Frame done = open.pop();
                if (done.secretPath && done.value != null) {
                    secrets.add(done.value);
                }
                if (done.valueOf != null) {
                    done.valueOf.value = new int[] {done.start, start + 1};
                }
            } else if (member != null) {
                scalar(parser, text, frame, member, start, secrets);
            }
        }
    }

    private static void scalar(JsonParser parser, String text, Frame frame, String member, int start, List<int[]> secrets)
            throws IOException {
        int[] range = {start, scalarEnd(text, start)};
        if (isSecret(member)) {
            secrets.add(range);
        } else if ("value".equals(member)) {
            frame.value = range;
        } else if ("path".equals(member) && parser.currentToken() == JsonToken.VALUE_STRING && isSecret(parser.getText())) {
            frame.secretPath = true;
        }
    }

    /** Where the scalar starting at {@code start} ends: after its closing quote, or at the next delimiter. */
    static int scalarEnd(String text, int start) {
        int i = start;
        if (text.charAt(i) == '"') {
            for (i++; text.charAt(i) != '"'; i++) {
                if (text.charAt(i) == '\\') {
                    i++;
                }
            }
            return i + 1;
        }
        while (i < text.length() && ",}] \t\r\n".indexOf(text.charAt(i)) < 0) {
            i++;
        }
        return i;
    }

    private static boolean isSecret(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.contains("password") || lower.contains("secret");
    }

    /** Masks by text patterns: secret-named members, and every "value" string once any path names a secret. */
    static String maskText(String text) {
        String masked = replace(SECRET_MEMBER.matcher(text));
        return SECRET_PATH.matcher(masked).find() ? replace(ANY_VALUE.matcher(masked)) : masked;
    }

    private static String replace(Matcher matcher) {
        return matcher.replaceAll(m -> Matcher.quoteReplacement(m.group(1) + "\"" + MASK + "\""));
    }
}
