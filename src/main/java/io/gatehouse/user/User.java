package io.gatehouse.user;

import io.gatehouse.platform.Names;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** A person with access to one project: a regular user or an SSO user (see {@link Origin}). */
@Entity
@Table(name = "gh_user")
public class User {
    @Id
    private String id;
    @Column(name = "project_id")
    private String projectId;
    @Column(name = "user_name")
    private String userName;
    @Column(name = "user_name_key")
    private String userNameKey;
    @Column(name = "external_id")
    private String externalId;
    @Column(name = "given_name")
    private String givenName;
    @Column(name = "family_name")
    private String familyName;
    @Column(name = "display_name")
    private String displayName;
    private String email;
    @Column(name = "email_key")
    private String emailKey;
    @Column(name = "email_type")
    private String emailType;
    @Column(name = "scim_attributes")
    private String scimAttributes;
    private boolean active;
    @Enumerated(EnumType.STRING)
    private Origin origin;
    @Column(name = "password_hash")
    private String passwordHash;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "last_modified")
    private Instant lastModified;
    /** Password sign-in throttling; written by bulk updates that leave the version alone. */
    @Column(name = "failed_sign_ins")
    private int failedSignIns;
    @Column(name = "sign_in_locked_until")
    private Instant signInLockedUntil;
    @Version
    private long version;

    protected User() {
    }

    public User(String id, String projectId, String userName, Origin origin) {
        this.id = id;
        this.projectId = projectId;
        this.origin = origin;
        this.active = true;
        this.createdAt = Instant.now();
        userName(userName);
    }

    public void userName(String newUserName) {
        this.userName = newUserName;
        this.userNameKey = Names.key(newUserName);
        touch();
    }

    public void names(String given, String family, String display) {
        this.givenName = given;
        this.familyName = family;
        this.displayName = display;
        touch();
    }

    public void email(String newEmail) {
        email(newEmail, null);
    }

    /** The user's primary e-mail and its SCIM type ("work", ...). */
    public void email(String newEmail, String type) {
        this.email = newEmail;
        this.emailKey = newEmail == null ? null : Names.key(newEmail);
        this.emailType = newEmail == null ? null : type;
        touch();
    }

    /** The SCIM attributes Gatehouse keeps as JSON because it has no column for them (see V2__scim.sql). */
    public void scimAttributes(String json) {
        this.scimAttributes = json;
        touch();
    }

    public void externalId(String newExternalId) {
        this.externalId = newExternalId;
        touch();
    }

    public void active(boolean newActive) {
        this.active = newActive;
        touch();
    }

    public void passwordHash(String hash) {
        this.passwordHash = hash;
        touch();
    }

    /** Turns a regular user into an SSO user ("sync with regular users"); the local password goes. */
    public void convertToSso() {
        if (origin == Origin.REGULAR) {
            this.origin = Origin.SYNCED;
            this.passwordHash = null;
            touch();
        }
    }

    /** What an application can see of the user (not the password, not SCIM extras): a change of it is an event. */
    public record Visible(String userName, String externalId, String givenName, String familyName, String displayName,
                          String email, String emailType, boolean active, Origin origin) {
    }

    public Visible visible() {
        return new Visible(userName, externalId, givenName, familyName, displayName, email, emailType, active, origin);
    }

    private void touch() {
        this.lastModified = Instant.now();
    }

    public String id() { return id; }
    public String projectId() { return projectId; }
    public String userName() { return userName; }
    public String externalId() { return externalId; }
    public String givenName() { return givenName; }
    public String familyName() { return familyName; }
    public String displayName() { return displayName; }
    public String email() { return email; }
    public String emailType() { return emailType; }
    public String scimAttributes() { return scimAttributes; }
    public boolean active() { return active; }
    public Origin origin() { return origin; }
    public String passwordHash() { return passwordHash; }
    public int failedSignIns() { return failedSignIns; }
    public Instant signInLockedUntil() { return signInLockedUntil; }
    public Instant createdAt() { return createdAt; }
    public Instant lastModified() { return lastModified; }
    public long version() { return version; }
}
