package io.gatehouse.admin;

import io.gatehouse.audit.Actor;
import jakarta.enterprise.context.RequestScoped;

/** Who is calling the management API in this request; set by {@link AdminApiKeyFilter}. */
@RequestScoped
public class ApiCaller {
    private Actor actor;

    void authenticated(Actor who) {
        this.actor = who;
    }

    public Actor actor() {
        if (actor == null) {
            throw new IllegalStateException("not authenticated");
        }
        return actor;
    }
}
