package io.gatehouse.group;

import io.gatehouse.audit.Actor;
import jakarta.persistence.EntityManager;
import java.util.List;

/** Users joined or left a group (only those whose membership really changed), inside the change's transaction. */
public record MembersChanged(EntityManager em, Group group, List<String> added, List<String> removed, Actor actor) {
}
