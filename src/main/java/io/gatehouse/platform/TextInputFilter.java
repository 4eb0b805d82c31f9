package io.gatehouse.platform;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.PathSegment;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * Refuses {@link TextInput}'s characters in the path, the query parameters (names and values) and the
 * JSON body of every request of the JAX-RS application that registers it (the management API and
 * SCIM), as INVALID: each application's DomainException mapper answers it in its own format, before
 * the resource method runs. Bodies a resource reads itself as a stream are checked where it parses
 * them (ScimJson, JsonConfig.read).
 */
@ApplicationScoped
@Priority(Priorities.USER)
public class TextInputFilter implements ContainerRequestFilter, ReaderInterceptor {
    @Override
    public void filter(ContainerRequestContext request) {
        for (PathSegment segment : request.getUriInfo().getPathSegments(true)) {
            String problem = TextInput.problem(segment.getPath());
            if (problem != null) {
                throw DomainException.invalid("The path " + problem);
            }
        }
        for (Map.Entry<String, List<String>> parameter : query(request).entrySet()) {
            String name = TextInput.escaped(parameter.getKey());
            String problem = TextInput.problem(parameter.getKey());
            if (problem != null) {
                throw DomainException.invalid("The name of the query parameter '" + name + "' " + problem);
            }
            for (String value : parameter.getValue()) {
                problem = TextInput.problem(value);
                if (problem != null) {
                    throw DomainException.invalid("The query parameter '" + name + "' " + problem);
                }
            }
        }
    }

    private static MultivaluedMap<String, String> query(ContainerRequestContext request) {
        try {
            return request.getUriInfo().getQueryParameters(true);
        } catch (IllegalArgumentException badPercentEncoding) {
            throw DomainException.invalid("The query string is not valid percent-encoded UTF-8");
        }
    }

    /** Bodies the JSON provider reads: a tree, a record (as the tree it was read from) or a string. */
    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        Object body = context.proceed();
        String problem = body == null || body instanceof InputStream ? null
                : body instanceof JsonNode tree ? TextInput.problem(tree)
                : body instanceof CharSequence text ? bodyProblem(text)
                : body instanceof Record record ? TextInput.problem((JsonNode) JsonConfig.MAPPER.valueToTree(record))
                : null;
        if (problem != null) {
            throw DomainException.invalid(problem);
        }
        return body;
    }

    private static String bodyProblem(CharSequence text) {
        String problem = TextInput.problem(text);
        return problem == null ? null : "The request body " + problem;
    }
}
