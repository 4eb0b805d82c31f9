package io.gatehouse.console;

import io.gatehouse.audit.Actor;
import io.gatehouse.audit.AuditEvent;
import io.gatehouse.audit.AuditLog;
import io.gatehouse.user.Users;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * A project's audit log, newest first, filtered by source, action, user and day (UTC), paged by
 * sequence number (no OFFSET, so the hundredth page costs what the first does), exported as CSV.
 */
@Named
@ViewScoped
public class AuditView extends ProjectPage {
    private static final long serialVersionUID = 1L;
    static final int PAGE_SIZE = 50;
    static final int EXPORT_MAX = 100_000;

    @Inject
    AuditLog audit;
    @Inject
    Users users;

    private Actor.Source source;
    private String action;
    private String userName;
    private LocalDate from;
    private LocalDate to;
    private transient List<AuditEvent> events;
    /** the "before" bound of each page shown before this one, to go back */
    private final Deque<Long> previous = new ArrayDeque<>();
    private Long before;
    private boolean noSuchUser;

    @Override
    protected void load() {
        AuditLog.Search search = search(before, PAGE_SIZE + 1);
        events = search == null ? List.of() : audit.search(getProjectId(), search);
    }

    /** The filters as a domain query; null when the user filter names nobody in the project. */
    private AuditLog.Search search(Long beforeSeq, int limit) {
        String targetId = null;
        noSuchUser = false;
        if (userName != null && !userName.isBlank()) {
            List<Users.Listed> found = users.list(getProjectId(), new Users.Query(userName.strip(), null, 0, 1)).items();
            if (found.isEmpty()) {
                noSuchUser = true;
                return null;
            }
            targetId = found.get(0).user().id();
        }
        Instant start = from == null ? null : from.atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant end = to == null ? null : to.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        String actionFilter = action == null || action.isBlank() ? null : action.strip();
        return new AuditLog.Search(source, actionFilter, targetId, start, end, beforeSeq, limit);
    }

    public void apply() {
        previous.clear();
        before = null;
        load();
    }

    public void clear() {
        source = null;
        action = null;
        userName = null;
        from = null;
        to = null;
        apply();
    }

    public void older() {
        if (isHasOlder()) {
            previous.push(before == null ? Long.MAX_VALUE : before);
            before = getEvents().get(getEvents().size() - 1).seq();
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

    /** Every event the filters match (up to EXPORT_MAX), as CSV. */
    public void exportCsv() throws IOException {
        FacesContext faces = FacesContext.getCurrentInstance();
        ExternalContext external = faces.getExternalContext();
        external.responseReset();
        external.setResponseContentType("text/csv; charset=UTF-8");
        external.setResponseHeader("Content-Disposition", "attachment; filename=\"gatehouse-audit-" + getProjectId() + ".csv\"");
        try (Writer out = new OutputStreamWriter(external.getResponseOutputStream(), StandardCharsets.UTF_8)) {
            out.write("time,source,actor,action,target_type,target_id,summary\r\n");
            Long cursor = null;
            int written = 0;
            while (written < EXPORT_MAX) {
                AuditLog.Search search = search(cursor, 1000);
                List<AuditEvent> batch = search == null ? List.of() : audit.search(getProjectId(), search);
                for (AuditEvent e : batch) {
                    out.write(String.join(",", csv(e.occurredAt().toString()), csv(e.source().name()), csv(e.actor()),
                            csv(e.action()), csv(e.targetType()), csv(e.targetId()), csv(e.summary())) + "\r\n");
                }
                written += batch.size();
                if (batch.size() < 1000) {
                    break;
                }
                cursor = batch.get(batch.size() - 1).seq();
            }
        }
        faces.responseComplete();
    }

    /** A CSV field, quoted; a leading =, +, - or @ is defused so spreadsheets do not run it as a formula. */
    static String csv(String value) {
        if (value == null) {
            return "";
        }
        String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return "\"" + safe.replace("\"", "\"\"") + "\"";
    }

    public List<AuditEvent> getEvents() {
        return events.size() > PAGE_SIZE ? events.subList(0, PAGE_SIZE) : events;
    }

    public boolean isHasOlder() { return events.size() > PAGE_SIZE; }
    public boolean isHasNewer() { return !previous.isEmpty(); }
    public int getPageNumber() { return previous.size() + 1; }
    public boolean isNoSuchUser() { return noSuchUser; }
    public Actor.Source[] getSources() { return Actor.Source.values(); }
    public Actor.Source getSource() { return source; }
    public void setSource(Actor.Source source) { this.source = source; }
    public String getAction() { return action; }
    public void setAction(String action) { this.action = action; }
    public String getUserName() { return userName; }
    public void setUserName(String userName) { this.userName = userName; }
    public LocalDate getFrom() { return from; }
    public void setFrom(LocalDate from) { this.from = from; }
    public LocalDate getTo() { return to; }
    public void setTo(LocalDate to) { this.to = to; }
}
