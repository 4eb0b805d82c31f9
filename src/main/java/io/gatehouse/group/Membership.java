package io.gatehouse.group;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** One user in one group. The primary key makes adding an existing member impossible twice. */
@Entity
@IdClass(Membership.Key.class)
@Table(name = "gh_membership")
public class Membership {
    @Id
    @Column(name = "group_id")
    private String groupId;
    @Id
    @Column(name = "user_id")
    private String userId;
    @Column(name = "created_at")
    private Instant createdAt;

    protected Membership() {
    }

    public Membership(String groupId, String userId) {
        this.groupId = groupId;
        this.userId = userId;
        this.createdAt = Instant.now();
    }

    public String groupId() { return groupId; }
    public String userId() { return userId; }

    /** The composite primary key (group, user). */
    public static class Key implements Serializable {
        private String groupId;
        private String userId;

        public Key() {
        }

        public Key(String groupId, String userId) {
            this.groupId = groupId;
            this.userId = userId;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && Objects.equals(groupId, key.groupId) && Objects.equals(userId, key.userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(groupId, userId);
        }
    }
}
