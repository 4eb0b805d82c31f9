package io.gatehouse.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.servlet.http.HttpServletResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The shared session is saved before anything can send the response's head, and not at every write. */
class SaveBeforeCommitTest {
    private final AtomicInteger saves = new AtomicInteger();
    private final AtomicBoolean committed = new AtomicBoolean();
    private final StringWriter body = new StringWriter();

    private SaveBeforeCommit response(int bufferSize) {
        PrintWriter writer = new PrintWriter(body);
        HttpServletResponse real = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getBufferSize" -> bufferSize;
                    case "isCommitted" -> committed.get();
                    case "getWriter" -> writer;
                    case "sendRedirect", "sendError", "flushBuffer" -> {
                        committed.set(true);
                        yield null;
                    }
                    default -> null;
                });
        return new SaveBeforeCommit(real, saves::incrementAndGet);
    }

    @Test
    void aRedirectAnErrorAndAFlushSaveFirst() throws Exception {
        response(1000).sendRedirect("/next");
        assertEquals(1, saves.get());
        committed.set(false);
        response(1000).sendError(404);
        assertEquals(2, saves.get());
        committed.set(false);
        response(1000).flushBuffer();
        assertEquals(3, saves.get());
    }

    @Test
    void aSmallPageSavesNothingOnTheWayAndALargeOneOnceBeforeItCouldOverflow() throws Exception {
        SaveBeforeCommit small = response(1000);
        small.getWriter().write("x".repeat(300)); // 900 bytes at most: fits
        assertEquals(0, saves.get(), "the end of the request saves a page that fits");
        SaveBeforeCommit large = response(1000);
        for (int i = 0; i < 100; i++) {
            large.getWriter().write("y".repeat(100));
        }
        assertEquals(1, saves.get(), "once, when it might overflow, not at every write after");
        assertEquals(300 + 10_000, body.toString().length(), "everything written still arrives");
    }

    @Test
    void aCommittedResponseIsNotSavedForAgain() throws Exception {
        SaveBeforeCommit response = response(1000);
        committed.set(true);
        response.getWriter().flush();
        response.sendRedirect("/late");
        assertEquals(0, saves.get());
    }
}
