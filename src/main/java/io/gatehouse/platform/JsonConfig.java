package io.gatehouse.platform;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/** JSON as every API of Gatehouse writes it: ISO-8601 times, no nulls, unknown input fields ignored. */
@Provider
public class JsonConfig implements ContextResolver<ObjectMapper> {
    static final ObjectMapper MAPPER = create();

    static ObjectMapper create() {
        ObjectMapper mapper = new ObjectMapper();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(2_000_000).maxNestingDepth(64).build());
        return mapper.registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    /** The one configured mapper, for JSON Gatehouse writes outside a JAX-RS response (events). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Parses a body the resource reads itself (e.g. an optional one); {@link TextInput}'s characters are INVALID. */
    public static JsonNode read(String body) throws JsonProcessingException {
        JsonNode tree = MAPPER.readTree(body);
        String problem = tree == null ? null : TextInput.problem(tree);
        if (problem != null) {
            throw DomainException.invalid(problem);
        }
        return tree;
    }

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return MAPPER;
    }
}
