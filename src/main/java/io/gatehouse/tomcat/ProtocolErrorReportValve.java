package io.gatehouse.tomcat;

import io.gatehouse.platform.ErrorBodies;
import java.io.IOException;
import java.io.Writer;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's error report valve, except that errors on {@code /scim/v2} and {@code /api/v1} come out in
 * that protocol's JSON. It answers what Tomcat refuses before any web application sees the request
 * (an undecodable or non-normalised URI, TRACE), which the application's own error page cannot.
 * Other paths keep Tomcat's page. Installed from {@code gatehouse-tomcat.jar} in
 * {@code $CATALINA_BASE/lib} by server-config/tomcat/server.xml; not part of the WAR.
 */
public class ProtocolErrorReportValve extends ErrorReportValve {
    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        Optional<ErrorBodies.Body> body = ErrorBodies.forPath(request.getRequestURI(), status);
        if (body.isEmpty()) {
            super.report(request, response, throwable);
            return;
        }
        // Same guards as the parent: only an unreported error with nothing written yet, and only
        // while the connection still allows output.
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        try {
            response.setContentType(body.get().contentType());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body.get().json());
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response was committed meanwhile: nothing left to tell it
        }
    }
}
