package io.gatehouse.project;

import jakarta.persistence.EntityManager;

/** A project was created, inside its creation's transaction (the events' outbox starts its counter). */
public record ProjectCreated(EntityManager em, String projectId) {
}
