package io.gatehouse.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gatehouse.scim.ScimExchange;
import io.gatehouse.scim.ScimRequestLog;
import io.gatehouse.scim.ScimToken;
import io.gatehouse.scim.ScimTokens;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The project's SCIM request log: what the identity provider sent and what Gatehouse answered,
 * newest first, filtered by outcome, method, user and day (UTC); one exchange opened with its bodies.
 */
@Named
@ViewScoped
public class ScimRequestsView extends ProjectPage {
    private static final long serialVersionUID = 1L;
    static final int PAGE_SIZE = 50;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The outcome filter's choices, as the status ranges they stand for. */
    public enum Outcome {
        FAILED("Failed (4xx, 5xx)", 400, 599), CLIENT_ERROR("4xx", 400, 499), SERVER_ERROR("5xx", 500, 599),
        SUCCEEDED("Succeeded (2xx, 3xx)", 100, 399);

        private final String label;
        private final int from;
        private final int to;

        Outcome(String label, int from, int to) {
            this.label = label;
            this.from = from;
            this.to = to;
        }

        public String getLabel() { return label; }
    }

    @Inject
    ScimRequestLog log;
    @Inject
    ScimTokens tokens;

    private Outcome outcome;
    private String method;
    private String user;
    private LocalDate from;
    private LocalDate to;
    private transient List<ScimExchange> requests;
    private transient Map<String, String> tokenNames;
    private final Deque<Long> previous = new ArrayDeque<>();
    private Long before;
    private Long openedId;
    private transient ScimExchange opened;

    @Override
    protected void load() {
        requests = log.search(getProjectId(), query(before));
        tokenNames = tokens.list(getProjectId()).stream().collect(Collectors.toMap(ScimToken::id, ScimToken::name, (a, b) -> a));
        opened = openedId == null ? null : log.find(getProjectId(), openedId).orElse(null);
    }

    private ScimRequestLog.Query query(Long beforeId) {
        Instant start = from == null ? null : from.atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant end = to == null ? null : to.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        return new ScimRequestLog.Query(outcome == null ? null : outcome.from, outcome == null ? null : outcome.to,
                method == null || method.isBlank() ? null : method, user == null || user.isBlank() ? null : user.strip(),
                start, end, beforeId, PAGE_SIZE + 1);
    }

    public void apply() {
        previous.clear();
        before = null;
        load();
    }

    public void clear() {
        outcome = null;
        method = null;
        user = null;
        from = null;
        to = null;
        apply();
    }

    public void older() {
        if (isHasOlder()) {
            previous.push(before == null ? Long.MAX_VALUE : before);
            before = getRequests().get(getRequests().size() - 1).id();
            load();
        }
    }

    public void newer() {
        if (!previous.isEmpty()) {
            Long back = previous.pop();
            before = back == Long.MAX_VALUE ? null : back;
            load();
        }
    }

    public void open(Long id) {
        openedId = id;
        load();
    }

    public void close() {
        openedId = null;
        opened = null;
    }

    /** A body for reading: JSON indented, anything else (a cut body, plain text) as it was logged. */
    public String readable(String body) {
        if (body == null) {
            return "(no body)";
        }
        try {
            return JSON.writeValueAsString(JSON.readTree(body));
        } catch (java.io.IOException | RuntimeException notWholeJson) {
            return body;
        }
    }

    public String tokenName(String tokenId) {
        String name = tokenId == null ? null : tokenNames.get(tokenId);
        return name != null ? name : "a token since deleted";
    }

    public List<ScimExchange> getRequests() {
        return requests.size() > PAGE_SIZE ? requests.subList(0, PAGE_SIZE) : requests;
    }

    public boolean isHasOlder() { return requests.size() > PAGE_SIZE; }
    public boolean isHasNewer() { return !previous.isEmpty(); }
    public int getPageNumber() { return previous.size() + 1; }
    public boolean isEnabled() { return log.enabled(); }
    public ScimExchange getOpened() { return opened; }
    public Outcome[] getOutcomes() { return Outcome.values(); }
    public List<String> getMethods() { return List.of("GET", "POST", "PUT", "PATCH", "DELETE"); }
    public Outcome getOutcome() { return outcome; }
    public void setOutcome(Outcome outcome) { this.outcome = outcome; }
    public String getMethod() { return method; }
    public void setMethod(String method) { this.method = method; }
    public String getUser() { return user; }
    public void setUser(String user) { this.user = user; }
    public LocalDate getFrom() { return from; }
    public void setFrom(LocalDate from) { this.from = from; }
    public LocalDate getTo() { return to; }
    public void setTo(LocalDate to) { this.to = to; }
}
