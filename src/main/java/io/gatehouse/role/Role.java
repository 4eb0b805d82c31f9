package io.gatehouse.role;

import io.gatehouse.platform.Names;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** A role defined by a project (e.g. "Admin", "Editor"). Admin roles give access to the console. */
@Entity
@Table(name = "gh_role")
public class Role {
    @Id
    private String id;
    @Column(name = "project_id")
    private String projectId;
    private String name;
    @Column(name = "name_key")
    private String nameKey;
    private boolean admin;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "last_modified")
    private Instant lastModified;
    @Version
    private long version;

    protected Role() {
    }

    Role(String id, String projectId, String name, boolean admin) {
        this.id = id;
        this.projectId = projectId;
        this.createdAt = Instant.now();
        update(name, admin);
    }

    void update(String newName, boolean newAdmin) {
        this.name = newName;
        this.nameKey = Names.key(newName);
        this.admin = newAdmin;
        this.lastModified = Instant.now();
    }

    public String id() { return id; }
    public String projectId() { return projectId; }
    public String name() { return name; }
    public boolean admin() { return admin; }
    public Instant createdAt() { return createdAt; }
    public Instant lastModified() { return lastModified; }
    public long version() { return version; }
}
