package io.gatehouse.project;

import io.gatehouse.platform.Names;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** A tenant. Everything else belongs to exactly one project. */
@Entity
@Table(name = "gh_project")
public class Project {
    @Id
    private String id;
    private String name;
    @Column(name = "name_key")
    private String nameKey;
    @Column(name = "saml_token")
    private String samlToken;
    @Column(name = "default_role_id")
    private String defaultRoleId;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "last_modified")
    private Instant lastModified;
    @Column(name = "deleted_at")
    private Instant deletedAt;
    @Version
    private long version;

    protected Project() {
    }

    Project(String id, String name, String samlToken) {
        this.id = id;
        this.samlToken = samlToken;
        this.createdAt = Instant.now();
        rename(name);
    }

    void rename(String newName) {
        this.name = newName;
        this.nameKey = Names.key(newName);
        this.lastModified = Instant.now();
    }

    /**
     * Deleted from now on, for everyone (the rows go in batches after, see ProjectDeletion); the name is
     * freed at once, so a new project may take it while the old one's rows are still being removed.
     */
    void markDeleted() {
        this.deletedAt = Instant.now();
        this.nameKey = "deleted " + id;
        this.lastModified = deletedAt;
    }

    public boolean deleted() { return deletedAt != null; }

    void defaultRole(String roleId) {
        this.defaultRoleId = roleId;
        this.lastModified = Instant.now();
    }

    public String id() { return id; }
    public String name() { return name; }
    public String samlToken() { return samlToken; }
    public String defaultRoleId() { return defaultRoleId; }
    public Instant createdAt() { return createdAt; }
    public Instant lastModified() { return lastModified; }
    public long version() { return version; }
}
