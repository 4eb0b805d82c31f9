package io.gatehouse.group;

import io.gatehouse.platform.Names;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/**
 * A group of users in a project, with an optional role and a priority: among a user's groups that
 * have a role, the one with the lowest priority number decides the user's role. Members live in
 * {@link Membership} rows, never in a collection here, so a group with 100k members loads in O(1).
 */
@Entity(name = "ProjectGroup")
@Table(name = "gh_group")
public class Group {
    @Id
    private String id;
    @Column(name = "project_id")
    private String projectId;
    @Column(name = "display_name")
    private String displayName;
    @Column(name = "display_name_key")
    private String displayNameKey;
    @Column(name = "external_id")
    private String externalId;
    @Column(name = "role_id")
    private String roleId;
    private int priority;
    @Enumerated(EnumType.STRING)
    @Column(name = "managed_by")
    private ManagedBy managedBy;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "last_modified")
    private Instant lastModified;
    @Version
    private long version;

    protected Group() {
    }

    public Group(String id, String projectId, String displayName, ManagedBy managedBy, int priority) {
        this.id = id;
        this.projectId = projectId;
        this.managedBy = managedBy;
        this.priority = priority;
        this.createdAt = Instant.now();
        displayName(displayName);
    }

    public void displayName(String newName) {
        this.displayName = newName;
        this.displayNameKey = Names.key(newName);
        touch();
    }

    public void externalId(String newExternalId) {
        this.externalId = newExternalId;
        touch();
    }

    /** From now on the identity provider owns the group's name and members (it pushed or linked it over SCIM). */
    public void managedByIdp() {
        if (managedBy != ManagedBy.IDP) {
            this.managedBy = ManagedBy.IDP;
            touch();
        }
    }

    void role(String newRoleId) {
        this.roleId = newRoleId;
        touch();
    }

    void priority(int newPriority) {
        this.priority = newPriority;
        touch();
    }

    /** Marks a change to the members, so clients' ETags and lastModified move. */
    public void touch() {
        this.lastModified = Instant.now();
    }

    public String id() { return id; }
    public String projectId() { return projectId; }
    public String displayName() { return displayName; }
    public String externalId() { return externalId; }
    public String roleId() { return roleId; }
    public int priority() { return priority; }
    public ManagedBy managedBy() { return managedBy; }
    public Instant createdAt() { return createdAt; }
    public Instant lastModified() { return lastModified; }
    public long version() { return version; }
}
