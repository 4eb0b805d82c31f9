package io.gatehouse.admin;

import io.gatehouse.audit.Actor;
import jakarta.enterprise.context.RequestScoped;

/**
 * Who is calling the management API in this request: set by {@link AdminApiKeyFilter}, or before it
 * by a filter of another package that authenticated another kind of credential (an application's
 * directory.read token, io.gatehouse.oidc), which the admin key filter then leaves alone.
 */
@RequestScoped
public class ApiCaller {
    private Actor actor;

    public void authenticated(Actor who) {
        if (actor != null) {
            throw new IllegalStateException("already authenticated");
        }
        this.actor = who;
    }

    public boolean isAuthenticated() {
        return actor != null;
    }

    public Actor actor() {
        if (actor == null) {
            throw new IllegalStateException("not authenticated");
        }
        return actor;
    }
}
