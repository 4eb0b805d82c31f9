package io.gatehouse.console;

import io.gatehouse.platform.DomainException;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How console actions report back: the domain's refusals (DomainException) become error messages
 * on the page with the domain's own wording; anything unexpected is logged and shown as a generic
 * message, never as a stack trace.
 */
final class Messages {
    private static final Logger LOG = Logger.getLogger(Messages.class.getName());

    private Messages() {
    }

    static void info(String summary) {
        add(FacesMessage.SEVERITY_INFO, summary);
    }

    static void error(String summary) {
        add(FacesMessage.SEVERITY_ERROR, summary);
        FacesContext.getCurrentInstance().validationFailed(); // PrimeFaces keeps dialogs open on failure
    }

    /** Runs a domain call; true when it worked, false when a message says why it did not. */
    static boolean attempt(Runnable action, String success) {
        return attempt(() -> {
            action.run();
            return Boolean.TRUE;
        }, success) != null;
    }

    /** Runs a domain call and returns its result, or null after putting the reason on the page. */
    static <T> T attempt(Supplier<T> action, String success) {
        try {
            T result = action.get();
            if (success != null) {
                info(success);
            }
            return result;
        } catch (DomainException e) {
            error(e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Console action failed", e);
            error("Something went wrong; nothing was changed. The server log has the details.");
        }
        return null;
    }

    private static void add(FacesMessage.Severity severity, String summary) {
        FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(severity, summary, null));
    }
}
