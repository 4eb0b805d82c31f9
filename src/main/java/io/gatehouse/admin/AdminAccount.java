package io.gatehouse.admin;

import io.gatehouse.platform.Names;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** A local administrator of the console. Locked for a while after repeated wrong passwords. */
@Entity
@Table(name = "gh_admin_account")
public class AdminAccount {
    @Id
    private String id;
    private String username;
    @Column(name = "username_key")
    private String usernameKey;
    @Column(name = "password_hash")
    private String passwordHash;
    @Column(name = "failed_attempts")
    private int failedAttempts;
    @Column(name = "locked_until")
    private Instant lockedUntil;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "last_modified")
    private Instant lastModified;
    @Version
    private long version;

    protected AdminAccount() {
    }

    AdminAccount(String id, String username, String passwordHash) {
        this.id = id;
        this.username = username;
        this.usernameKey = Names.key(username);
        this.passwordHash = passwordHash;
        this.createdAt = Instant.now();
        this.lastModified = createdAt;
    }

    boolean lockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }

    void failed(Instant now, int maxAttempts, java.time.Duration lockFor) {
        failedAttempts++;
        if (failedAttempts >= maxAttempts) {
            lockedUntil = now.plus(lockFor);
            failedAttempts = 0;
        }
        lastModified = now;
    }

    void succeeded() {
        if (failedAttempts != 0 || lockedUntil != null) {
            failedAttempts = 0;
            lockedUntil = null;
            lastModified = Instant.now();
        }
    }

    void password(String hash) {
        passwordHash = hash;
        failedAttempts = 0;
        lockedUntil = null;
        lastModified = Instant.now();
    }

    public String id() { return id; }
    public Instant createdAt() { return createdAt; }
    public String username() { return username; }
    String passwordHash() { return passwordHash; }
    public Instant lockedUntil() { return lockedUntil; }
    /** Locked now, after repeated wrong passwords. */
    public boolean locked() { return lockedAt(Instant.now()); }
}
