package io.gatehouse.console;

import jakarta.enterprise.context.SessionScoped;
import jakarta.inject.Named;
import java.io.Serializable;

/** The console administrator signed in to this HTTP session, if any. */
@Named
@SessionScoped
public class ConsoleSession implements Serializable {
    private static final long serialVersionUID = 1L;
    static final String SIGNED_IN_ATTRIBUTE = "gatehouse.console.admin";

    private String username;

    public String getUsername() {
        return username;
    }

    /** The signed-in admin as the audit log names them. */
    public io.gatehouse.audit.Actor actor() {
        return io.gatehouse.audit.Actor.admin(username);
    }

    public boolean isSignedIn() {
        return username != null;
    }

    void signedIn(String name) {
        this.username = name;
    }
}
