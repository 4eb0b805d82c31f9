package io.gatehouse.scim;

import io.gatehouse.audit.Actor;
import jakarta.enterprise.context.RequestScoped;

/** The SCIM client of the current request: the project its token belongs to, and the token as the audit actor. */
@RequestScoped
public class ScimCaller {
    private String projectId;
    private Actor actor;

    void authenticated(ScimToken token) {
        this.projectId = token.projectId();
        this.actor = Actor.scimToken(token.id());
    }

    public String projectId() {
        if (projectId == null) {
            throw new IllegalStateException("not authenticated");
        }
        return projectId;
    }

    /** The project of an authenticated request, or null before (or without) authentication. */
    String projectIdOrNull() {
        return projectId;
    }

    public Actor actor() {
        return actor;
    }
}
