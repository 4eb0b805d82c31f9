package io.gatehouse.scim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.platform.TextInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reading request bodies and writing SCIM JSON ({@code application/scim+json}). */
public final class ScimJson {
    public static final String SCIM_JSON = "application/scim+json";
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(ScimBodyLimit.MAX_BYTES).maxNestingDepth(32).build());
    }

    private ScimJson() {
    }

    /**
     * The body as a JSON object; invalidSyntax when it is missing, malformed or not an object,
     * invalidValue when a name or string holds NUL or a lone surrogate (platform.TextInput).
     */
    public static ObjectNode object(InputStream body) {
        JsonNode node;
        try {
            node = body == null ? null : MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ScimProblem.badRequest("invalidSyntax", "The request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (node == null || node.isMissingNode()) {
            throw ScimProblem.badRequest("invalidSyntax", "A JSON request body is required");
        }
        if (!node.isObject()) {
            throw ScimProblem.badRequest("invalidSyntax", "The request body must be a JSON object");
        }
        String problem = TextInput.problem(node);
        if (problem != null) {
            throw ScimProblem.invalidValue(problem);
        }
        return (ObjectNode) node;
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
