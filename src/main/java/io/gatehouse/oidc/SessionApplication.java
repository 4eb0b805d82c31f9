package io.gatehouse.oidc;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** An application that received tokens in a member session: it is told when that session ends (back-channel logout). */
@Entity
@Table(name = "gh_oidc_session_app")
@IdClass(SessionApplication.Key.class)
public class SessionApplication {
    /** The composite id, as JPA's IdClass wants it: fields named like the entity's, a no-argument constructor. */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        private String memberSessionId;
        private String applicationId;

        public Key() {
        }

        Key(String memberSessionId, String applicationId) {
            this.memberSessionId = memberSessionId;
            this.applicationId = applicationId;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && java.util.Objects.equals(memberSessionId, k.memberSessionId)
                    && java.util.Objects.equals(applicationId, k.applicationId);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(memberSessionId, applicationId);
        }
    }

    @Id
    @Column(name = "member_session_id")
    private String memberSessionId;
    @Id
    @Column(name = "application_id")
    private String applicationId;
    private String issuer;
    @Column(name = "created_at")
    private Instant createdAt;

    protected SessionApplication() {
    }

    SessionApplication(String memberSessionId, String applicationId, String issuer) {
        this.memberSessionId = memberSessionId;
        this.applicationId = applicationId;
        this.issuer = issuer;
        this.createdAt = Instant.now();
    }

    public String issuer() { return issuer; }

    public String memberSessionId() { return memberSessionId; }
    public String applicationId() { return applicationId; }
}
