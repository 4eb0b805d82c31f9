package io.gatehouse.platform;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.PathSegment;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The request parts TextInputFilter checks. Tomcat itself refuses %00 in a path before the application,
 * so the path check (for servers that decode it) is proven here, on the decoded segments JAX-RS hands over.
 */
class TextInputFilterTest {
    private final TextInputFilter filter = new TextInputFilter();

    record NewKey(String name) {
    }

    static Stream<Arguments> refusedRequests() {
        return Stream.of(
                Arguments.of(List.of("projects", "a\u0000b"), Map.of(), "The path contains a NUL character (U+0000)"),
                Arguments.of(List.of("Users", "\uD800"), Map.of(), "The path contains an unpaired UTF-16 surrogate (U+D800), which is not a character"),
                Arguments.of(List.of("audit"), Map.of("targetId", "x\u0000"), "The query parameter 'targetId' contains a NUL character (U+0000)"),
                Arguments.of(List.of("audit"), Map.of("x\u0000", "1"), "The name of the query parameter 'x\\u0000' contains a NUL character (U+0000)"));
    }

    @ParameterizedTest
    @MethodSource
    void refusedRequests(List<String> path, Map<String, String> query, String message) {
        DomainException refused = assertThrows(DomainException.class, () -> filter.filter(request(path, query)));
        assertEquals(DomainException.Kind.INVALID, refused.kind());
        assertEquals(message, refused.getMessage());
    }

    @Test
    void ordinaryRequestsPass() {
        assertDoesNotThrow(() -> filter.filter(request(List.of("projects", "Zoë \uD83D\uDE00"), Map.of("search", "Ångström", "limit", "5"))));
    }

    @Test
    void badPercentEncodingIsInvalidNotA500() {
        ContainerRequestContext request = proxy(ContainerRequestContext.class, Map.of("getUriInfo", proxy(UriInfo.class, Map.of(
                "getPathSegments", List.of(), "getQueryParameters", new IllegalArgumentException("bad %zz")))));
        assertEquals(DomainException.Kind.INVALID, assertThrows(DomainException.class, () -> filter.filter(request)).kind());
    }

    static Stream<Arguments> refusedBodies() throws Exception {
        ObjectMapper json = new ObjectMapper();
        return Stream.of(
                Arguments.of(json.readTree("{\"userId\": \"\\u0000\"}"), "'userId' contains a NUL character (U+0000)"),
                Arguments.of(json.readTree("[\"g1\", \"\\udc00\"]"), "'[1]' contains an unpaired UTF-16 surrogate (U+DC00), which is not a character"),
                Arguments.of(new NewKey("key\uD800"), "'name' contains an unpaired UTF-16 surrogate (U+D800), which is not a character"),
                Arguments.of("{\"name\": \"\u0000\"}", "The request body contains a NUL character (U+0000)"));
    }

    @ParameterizedTest
    @MethodSource
    void refusedBodies(Object body, String message) {
        assertEquals(message, assertThrows(DomainException.class, () -> filter.aroundReadFrom(reading(body))).getMessage());
    }

    @Test
    void otherBodiesPassUnchanged() throws Exception {
        for (Object body : new Object[] {new NewKey("fine"), new ObjectMapper().readTree("{\"a\": \"\\ud83d\\ude00\"}"),
                new ByteArrayInputStream(new byte[] {0}), "plain"}) {
            assertSame(body, filter.aroundReadFrom(reading(body)));
        }
        assertEquals(null, filter.aroundReadFrom(reading(null)));
    }

    @Test
    void bodiesResourcesParseThemselvesAreCheckedToo() {
        DomainException refused = assertThrows(DomainException.class, () -> JsonConfig.read("{\"name\": \"\\u0000\"}"));
        assertEquals("'name' contains a NUL character (U+0000)", refused.getMessage());
    }

    private static ContainerRequestContext request(List<String> path, Map<String, String> query) {
        MultivaluedMap<String, String> parameters = new MultivaluedHashMap<>();
        query.forEach(parameters::add);
        List<PathSegment> segments = path.stream()
                .map(segment -> proxy(PathSegment.class, Map.of("getPath", segment))).toList();
        UriInfo uri = proxy(UriInfo.class, Map.of("getPathSegments", segments, "getQueryParameters", parameters));
        return proxy(ContainerRequestContext.class, Map.of("getUriInfo", uri));
    }

    private static ReaderInterceptorContext reading(Object body) {
        return (ReaderInterceptorContext) Proxy.newProxyInstance(TextInputFilterTest.class.getClassLoader(),
                new Class<?>[] {ReaderInterceptorContext.class}, (self, method, args) -> {
                    if (method.getName().equals("proceed")) {
                        return body;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    /** An interface answering the named methods (a Throwable value is thrown), and failing on any other. */
    private static <T> T proxy(Class<T> type, Map<String, Object> answers) {
        return type.cast(Proxy.newProxyInstance(TextInputFilterTest.class.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> {
                    if (!answers.containsKey(method.getName())) {
                        throw new UnsupportedOperationException(method.getName() + Arrays.toString(args));
                    }
                    Object answer = answers.get(method.getName());
                    if (answer instanceof Throwable thrown) {
                        throw thrown;
                    }
                    return answer;
                }));
    }
}
