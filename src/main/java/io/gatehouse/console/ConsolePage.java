package io.gatehouse.console;

import jakarta.annotation.PostConstruct;
import java.io.Serializable;

/**
 * A console page's view-scoped state. Between requests it lives in the shared HTTP session, so the
 * next click may reach any node: the page keeps what the admin chose (ids, form fields, filters)
 * and only that; what it shows from the database is transient and read again by {@link #load}
 * when the page comes back from the session ({@link RestoredPages}), as it is after each change.
 */
public abstract class ConsolePage implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Made on this request; false in a page read back from the session (transient fields are not restored). */
    private transient boolean current;

    @PostConstruct
    void constructed() {
        current = true;
    }

    /** Reads what the page shows (at opening, after each change, and after the page was restored). */
    protected abstract void load();

    /** A page read back from the session reads its data again, once, before the request uses it. */
    void refreshIfRestored() {
        if (!current) {
            current = true;
            load();
        }
    }
}
