package io.gatehouse.saml;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import java.time.Instant;

/** One SAML response received by a project's ACS and what became of it: the sign-in trace's row. */
@Entity
@Table(name = "gh_sign_in_attempt")
public class SignInAttempt {
    public static final String SIGNED_IN = "signed_in";
    public static final String REFUSED = "refused";

    @Id
    private String id;
    @Column(name = "project_id")
    private String projectId;
    @Column(name = "attempted_at")
    private Instant attemptedAt;
    private String outcome;
    private String reason;
    @Column(name = "user_name")
    private String userName;
    /** JSON array of {name, passed, detail}. */
    @Lob
    private String checks;
    @Lob
    private String message;

    protected SignInAttempt() {
    }

    SignInAttempt(String id, String projectId, Instant attemptedAt, String reason, String userName, String checks, String message) {
        this.id = id;
        this.projectId = projectId;
        this.attemptedAt = attemptedAt;
        this.outcome = reason == null ? SIGNED_IN : REFUSED;
        this.reason = reason;
        this.userName = userName;
        this.checks = checks;
        this.message = message;
    }

    public String id() { return id; }
    public String projectId() { return projectId; }
    public Instant attemptedAt() { return attemptedAt; }
    public String outcome() { return outcome; }
    public String reason() { return reason; }
    public String userName() { return userName; }
    String checksJson() { return checks; }
    public String message() { return message; }
}
