package io.gatehouse.saml;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An AuthnRequest or LogoutRequest this SP sent, kept so the answer's InResponseTo can be checked on
 * any node; an AuthnRequest with the hash of the flow secret of the browser it was sent to (BrowserFlow).
 */
@Entity
@Table(name = "gh_saml_request")
public class SentRequest {
    @Id
    private String id;
    @Column(name = "project_id")
    private String projectId;
    @Lob
    private String message;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "browser_hash")
    private String browserHash;

    protected SentRequest() {
    }

    SentRequest(String id, String projectId, String message, String browserHash) {
        this.id = id;
        this.projectId = projectId;
        this.message = message;
        this.createdAt = Instant.now();
        this.browserHash = browserHash;
    }

    String projectId() { return projectId; }
    String message() { return message; }
    Instant createdAt() { return createdAt; }
    String browserHash() { return browserHash; }
}
