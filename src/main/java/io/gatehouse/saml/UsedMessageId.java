package io.gatehouse.saml;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A Response or Assertion ID already accepted; its primary key makes a second use fail on any node. */
@Entity
@Table(name = "gh_saml_replay")
public class UsedMessageId {
    @Id
    @Column(name = "id_hash")
    private String idHash;
    @Column(name = "project_id")
    private String projectId;
    @Column(name = "expires_at")
    private Instant expiresAt;

    protected UsedMessageId() {
    }

    UsedMessageId(String idHash, String projectId, Instant expiresAt) {
        this.idHash = idHash;
        this.projectId = projectId;
        this.expiresAt = expiresAt;
    }
}
