package io.gatehouse.scim;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The first {@link LoggedBody#CAPTURE_BYTES} of a body as it passes between the client and SCIM, and how
 * many bytes it had in all: the request log's copy. Copying as the bytes go by costs the request a
 * memory copy, not a second read or a buffered body.
 */
final class BodyCopy {
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream(512);
    private long total;

    void copy(int b) {
        total++;
        if (kept.size() < LoggedBody.CAPTURE_BYTES) {
            kept.write(b);
        }
    }

    void copy(byte[] bytes, int offset, int length) {
        total += length;
        int room = LoggedBody.CAPTURE_BYTES - kept.size();
        if (room > 0) {
            kept.write(bytes, offset, Math.min(room, length));
        }
    }

    byte[] bytes() {
        return kept.toByteArray();
    }

    long total() {
        return total;
    }

    private static Charset charset(String name) {
        try {
            return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
        } catch (RuntimeException unknown) {
            return StandardCharsets.UTF_8;
        }
    }

    /** The request, its body copied as SCIM reads it. */
    static final class Request extends HttpServletRequestWrapper {
        final BodyCopy body = new BodyCopy();
        private ServletInputStream in;

        Request(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (in == null) {
                in = new Input(super.getInputStream(), body);
            }
            return in;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            return new BufferedReader(new InputStreamReader(getInputStream(), charset(getCharacterEncoding())));
        }
    }

    /** The response, its body copied as SCIM writes it. */
    static final class Response extends HttpServletResponseWrapper {
        final BodyCopy body = new BodyCopy();
        private ServletOutputStream out;
        private PrintWriter writer;

        Response(HttpServletResponse response) {
            super(response);
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (out == null) {
                out = new Output(super.getOutputStream(), body);
            }
            return out;
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            if (writer == null) {
                writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), charset(getCharacterEncoding())));
            }
            return writer;
        }

        /**
         * Not passed on: the container sends the answer when the request ends, after the recorder has
         * queued it, so a client that reads the log right after its request finds the request there.
         */
        @Override
        public void flushBuffer() throws IOException {
            if (writer != null) {
                writer.flush();
            }
        }

        void finish() {
            if (writer != null) {
                writer.flush();
            }
        }
    }

    private static final class Input extends ServletInputStream {
        private final ServletInputStream in;
        private final BodyCopy body;

        Input(ServletInputStream in, BodyCopy body) {
            this.in = in;
            this.body = body;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                body.copy(b);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                body.copy(buffer, offset, n);
            }
            return n;
        }

        @Override public boolean isFinished() { return in.isFinished(); }
        @Override public boolean isReady() { return in.isReady(); }
        @Override public void setReadListener(ReadListener listener) { in.setReadListener(listener); }
        @Override public int available() throws IOException { return in.available(); }
        @Override public void close() throws IOException { in.close(); }
    }

    private static final class Output extends ServletOutputStream {
        private final ServletOutputStream out;
        private final BodyCopy body;

        Output(ServletOutputStream out, BodyCopy body) {
            this.out = out;
            this.body = body;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            body.copy(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            body.copy(bytes, offset, length);
        }

        /** See {@link Response#flushBuffer}: the container flushes at the end of the request. */
        @Override
        public void flush() {
        }

        @Override
        public void close() {
            // closing would send the answer before the recorder queued it; the container closes it
        }

        @Override public boolean isReady() { return out.isReady(); }
        @Override public void setWriteListener(WriteListener listener) { out.setWriteListener(listener); }
    }
}
