package io.gatehouse.scim;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses oversized bodies with 413 before they are read into memory: by Content-Length when the
 * client sends one, and by counting bytes as they are read for chunked bodies.
 */
@PreMatching
@jakarta.enterprise.context.ApplicationScoped
@Priority(Priorities.AUTHENTICATION - 100)
public class ScimBodyLimit implements ContainerRequestFilter {
    /** 1 MiB: a PATCH adding 10,000 members is about 500 KiB. Advertised in ServiceProviderConfig. */
    public static final int MAX_BYTES = 1024 * 1024;

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getLength() > MAX_BYTES) {
            request.abortWith(tooLarge());
            return;
        }
        if (request.hasEntity()) {
            request.setEntityStream(new Bounded(request.getEntityStream()));
        }
    }

    private static jakarta.ws.rs.core.Response tooLarge() {
        return ScimErrors.response(413, null, "The request body is larger than " + MAX_BYTES + " bytes");
    }

    private static final class Bounded extends FilterInputStream {
        private long read;

        Bounded(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > MAX_BYTES) {
                throw new ScimProblem(413, null, "The request body is larger than " + MAX_BYTES + " bytes");
            }
        }
    }
}
