package io.gatehouse.member;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A person's signed-in session in a project. The HTTP session only holds this row's id; the row
 * says whether the session still holds, so ending it (deactivation, Single Logout, sign-out) takes
 * effect at the person's next request, whichever node answers it.
 */
@Entity
@Table(name = "gh_member_session")
public class MemberSession {
    public enum Method { SAML, PASSWORD }

    /** Who the IdP said signed in, as Single Logout must name them again. */
    public record SamlSubject(String nameId, String nameIdFormat, String sessionIndex) {
    }

    @Id
    private String id;
    @Column(name = "project_id")
    private String projectId;
    @Column(name = "user_id")
    private String userId;
    @Enumerated(EnumType.STRING)
    private Method method;
    @Column(name = "name_id")
    private String nameId;
    @Column(name = "name_id_format")
    private String nameIdFormat;
    @Column(name = "session_index")
    private String sessionIndex;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "ended_at")
    private Instant endedAt;
    @Column(name = "ended_reason")
    private String endedReason;
    /** SHA-256 of the session's own cookie, by which any node finds the session. */
    @Column(name = "cookie_hash")
    private String cookieHash;
    /** The clear cookie value, only in the object that created the row (it is sent once, then forgotten). */
    @jakarta.persistence.Transient
    private String cookieSecret;

    protected MemberSession() {
    }

    MemberSession(String id, String projectId, String userId, Method method, SamlSubject subject) {
        this.id = id;
        this.projectId = projectId;
        this.userId = userId;
        this.method = method;
        this.nameId = subject == null ? null : subject.nameId();
        this.nameIdFormat = subject == null ? null : subject.nameIdFormat();
        this.sessionIndex = subject == null ? null : subject.sessionIndex();
        this.createdAt = Instant.now();
        this.cookieSecret = io.gatehouse.platform.Secrets.random(32);
        this.cookieHash = io.gatehouse.platform.Secrets.hash(cookieSecret);
    }

    /** Ends the session; false when it had already ended. */
    boolean end(EndReason reason) {
        if (endedAt != null) {
            return false;
        }
        endedAt = Instant.now();
        endedReason = reason.name();
        return true;
    }

    String cookieSecret() {
        return cookieSecret;
    }

    public String id() { return id; }
    public String projectId() { return projectId; }
    public String userId() { return userId; }
    public Method method() { return method; }
    public String nameId() { return nameId; }
    public String sessionIndex() { return sessionIndex; }
    public SamlSubject subject() { return nameId == null ? null : new SamlSubject(nameId, nameIdFormat, sessionIndex); }
    public Instant createdAt() { return createdAt; }
    public boolean ended() { return endedAt != null; }
    public EndReason endedReason() { return endedReason == null ? null : EndReason.valueOf(endedReason); }
}
