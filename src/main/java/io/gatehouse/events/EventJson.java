package io.gatehouse.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.platform.JsonConfig;

/**
 * An event as applications receive it, in the feed and as a webhook's body:
 * {@code {"id","sequence","type","occurredAt","projectId","actor":{"source","name"},"data":{...}}}.
 */
public final class EventJson {
    private EventJson() {
    }

    public static ObjectNode of(Event event) {
        ObjectNode json = JsonConfig.mapper().createObjectNode();
        json.put("id", event.id());
        json.put("sequence", event.seq());
        json.put("type", event.type());
        json.put("occurredAt", event.occurredAt().toString());
        json.put("projectId", event.projectId());
        ObjectNode actor = json.putObject("actor");
        actor.put("source", event.actorSource().name());
        actor.put("name", event.actor());
        try {
            json.set("data", JsonConfig.mapper().readTree(event.data()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored event " + event.id() + " has no valid data", e);
        }
        return json;
    }

    /** The exact bytes a webhook signs and sends. */
    public static String body(Event event) {
        return of(event).toString();
    }
}
