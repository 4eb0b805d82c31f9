package io.gatehouse.events;

/**
 * Fired (CDI, synchronously) after a transaction that appended events to a project committed, so a
 * deliverer on this node can send them now instead of at its next poll. Other nodes poll.
 */
public record EventsAppended(String projectId, long lastSeq) {
}
