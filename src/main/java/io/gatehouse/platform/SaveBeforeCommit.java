package io.gatehouse.platform;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * Runs {@code beforeCommit} (the shared session's write) before anything could send the response's
 * head: a redirect, an error, a flush, a close, or a write that could overflow the buffer. Once the
 * browser has the answer, its next request may reach another node, which must find the session
 * written; a new session's cookie must also go out in the head.
 */
final class SaveBeforeCommit extends HttpServletResponseWrapper {
    private final Runnable beforeCommit;
    private long written;
    /** Saved because the buffer may overflow: later writes do not save again (the end of the request does). */
    private boolean savedForOverflow;
    private ServletOutputStream stream;
    private PrintWriter writer;

    SaveBeforeCommit(HttpServletResponse response, Runnable beforeCommit) {
        super(response);
        this.beforeCommit = beforeCommit;
    }

    private void committing() {
        if (!isCommitted()) {
            beforeCommit.run();
        }
    }

    /**
     * Before writing {@code bytes} more: if they might not fit in the buffer, the session is saved
     * first, once (each save serializes it; a large page would otherwise save at every write).
     */
    private void writing(long bytes) {
        written += bytes;
        if (!savedForOverflow && written >= getBufferSize()) {
            savedForOverflow = true;
            committing();
        }
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        committing();
        super.sendRedirect(location);
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        committing();
        super.sendError(sc, msg);
    }

    @Override
    public void sendError(int sc) throws IOException {
        committing();
        super.sendError(sc);
    }

    @Override
    public void flushBuffer() throws IOException {
        committing();
        super.flushBuffer();
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (stream == null) {
            stream = new Stream(super.getOutputStream());
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer == null) {
            Writer real = super.getWriter();
            writer = new PrintWriter(new Writer() {
                @Override
                public void write(char[] chars, int off, int len) throws IOException {
                    writing(3L * len); // UTF-8 takes at most 3 bytes per char (4 per surrogate pair)
                    real.write(chars, off, len);
                }

                @Override
                public void write(String text, int off, int len) throws IOException {
                    writing(3L * len);
                    real.write(text, off, len);
                }

                @Override
                public void flush() throws IOException {
                    committing();
                    real.flush();
                }

                @Override
                public void close() throws IOException {
                    committing();
                    real.close();
                }
            });
        }
        return writer;
    }

    private final class Stream extends ServletOutputStream {
        private final ServletOutputStream real;

        Stream(ServletOutputStream real) {
            this.real = real;
        }

        @Override
        public void write(int b) throws IOException {
            writing(1);
            real.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            writing(len);
            real.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            committing();
            real.flush();
        }

        @Override
        public void close() throws IOException {
            committing();
            real.close();
        }

        @Override
        public boolean isReady() {
            return real.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            real.setWriteListener(listener);
        }
    }
}
