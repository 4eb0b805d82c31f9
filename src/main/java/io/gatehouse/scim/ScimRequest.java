package io.gatehouse.scim;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The last SCIM request a project received (the console's live status): when, what, and its HTTP status. */
@Entity
@Table(name = "gh_scim_activity")
public class ScimRequest {
    @Id
    @Column(name = "project_id")
    private String projectId;
    @Column(name = "received_at")
    private Instant receivedAt;
    private String method;
    private String path;
    private int status;

    protected ScimRequest() {
    }

    ScimRequest(String projectId) {
        this.projectId = projectId;
    }

    void received(Instant at, String newMethod, String newPath, int newStatus) {
        this.receivedAt = at;
        this.method = newMethod;
        this.path = newPath.length() > 300 ? newPath.substring(0, 300) : newPath;
        this.status = newStatus;
    }

    public boolean succeeded() {
        return status < 400;
    }

    /** "PATCH /Users/…", as the identity provider sent it. */
    public String operation() {
        return method + " " + path;
    }

    public String projectId() { return projectId; }
    public Instant receivedAt() { return receivedAt; }
    public String method() { return method; }
    public String path() { return path; }
    public int status() { return status; }
}
