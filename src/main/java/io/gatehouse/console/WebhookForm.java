package io.gatehouse.console;

import io.gatehouse.events.EventType;
import io.gatehouse.events.Webhook;
import io.gatehouse.platform.DomainException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The "Add webhook" form as typed: the URL, and either every event type or the ones ticked. The
 * domain checks both ({@code Webhooks.create}); this only turns the choice into its list.
 */
public class WebhookForm implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The wire names the form offers, in the order the README's event table lists them. */
    static final List<String> TYPES = Arrays.stream(EventType.values()).map(EventType::wireName).toList();

    private String url;
    private boolean allTypes = true;
    private List<String> types = new ArrayList<>();

    /**
     * {@code ["*"]} for every type (those added to Gatehouse later too), else the types ticked. None
     * ticked is refused here in the form's words (the domain refuses it too, in the API's).
     */
    List<String> eventTypes() {
        if (allTypes) {
            return List.of(Webhook.ALL_TYPES);
        }
        if (types.isEmpty()) {
            throw DomainException.invalid("Tick at least one event type, or choose all events");
        }
        return List.copyOf(types);
    }

    public String getUrl() { return url; }
    public void setUrl(String url) { this.url = url; }
    public boolean isAllTypes() { return allTypes; }
    public void setAllTypes(boolean allTypes) { this.allTypes = allTypes; }
    public List<String> getTypes() { return types; }
    public void setTypes(List<String> types) { this.types = types == null ? new ArrayList<>() : new ArrayList<>(types); }
}
