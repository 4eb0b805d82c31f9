package io.gatehouse.platform;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One request's view of a shared HTTP session: the attributes as stored when the request began, the
 * ones it read (deserialized on first use) or set, and the ones it removed. {@link #changes()} says
 * what to write back: every attribute this request touched whose bytes now differ from the stored
 * ones, so an object changed in place (Faces' view-state map) is written too.
 */
final class SharedSession implements HttpSession {
    private static final Logger LOG = Logger.getLogger(SharedSession.class.getName());

    private final ServletContext context;
    private final long createdAt;
    private long lastAccess;
    private String id;
    private int maxInactive;
    private boolean fresh;
    private boolean invalid;
    private final Map<String, byte[]> stored;
    private final Map<String, Object> live = new HashMap<>();
    private final Set<String> removed = new HashSet<>();

    SharedSession(ServletContext context, String id, long createdAt, long lastAccess, int maxInactive,
                  Map<String, byte[]> stored, boolean fresh) {
        this.context = context;
        this.id = id;
        this.createdAt = createdAt;
        this.lastAccess = lastAccess;
        this.maxInactive = maxInactive;
        this.stored = new LinkedHashMap<>(stored);
        this.fresh = fresh;
    }

    /** What to write: changed or new attributes by name, and removed names. */
    record Changes(Map<String, byte[]> changed, Set<String> removed) {
        boolean none() {
            return changed.isEmpty() && removed.isEmpty();
        }
    }

    Changes changes() {
        Map<String, byte[]> changed = new LinkedHashMap<>();
        live.forEach((name, value) -> {
            try {
                byte[] bytes = SessionAttributes.serialize(value);
                if (!Arrays.equals(bytes, stored.get(name))) {
                    changed.put(name, bytes);
                }
            } catch (java.io.IOException e) { // a programming error: every attribute Gatehouse keeps must serialize
                LOG.log(Level.WARNING, "Session attribute {0} cannot be serialized ({1}): it is not shared with other nodes",
                        new Object[] {name, e.toString()});
            }
        });
        Set<String> gone = new LinkedHashSet<>(removed);
        gone.retainAll(stored.keySet());
        return new Changes(changed, gone);
    }

    /** After a write: what was written is now the stored state. */
    void written(Changes changes) {
        stored.putAll(changes.changed());
        changes.removed().forEach(stored::remove);
        removed.clear();
        fresh = false;
        lastAccess = System.currentTimeMillis();
    }

    /** Not yet stored: made by this request and not written so far. */
    boolean unstored() {
        return fresh;
    }

    /** When the row was last written (or read, if this request has not written it). */
    long lastWritten() {
        return lastAccess;
    }

    /** Every attribute, serialized, for a session stored under a new id. */
    Map<String, byte[]> all() {
        Map<String, byte[]> all = new LinkedHashMap<>(stored);
        removed.forEach(all::remove);
        all.putAll(changes().changed());
        return all;
    }

    /** The bytes of an attribute as this request read them from the store (or last wrote them). */
    byte[] base(String name) {
        return stored.get(name);
    }

    void renamed(String newId) {
        this.id = newId;
    }

    boolean invalid() {
        return invalid;
    }

    @Override
    public long getCreationTime() {
        check();
        return createdAt;
    }

    @Override
    public String getId() {
        return id;
    }

    @Override
    public long getLastAccessedTime() {
        check();
        return lastAccess;
    }

    @Override
    public ServletContext getServletContext() {
        return context;
    }

    @Override
    public void setMaxInactiveInterval(int interval) {
        this.maxInactive = interval;
    }

    @Override
    public int getMaxInactiveInterval() {
        return maxInactive;
    }

    @Override
    public Object getAttribute(String name) {
        check();
        if (name == null || removed.contains(name)) {
            return null;
        }
        Object value = live.get(name);
        if (value == null && stored.containsKey(name)) {
            value = read(name);
        }
        return value;
    }

    private Object read(String name) {
        try {
            Object value = SessionAttributes.deserialize(stored.get(name));
            live.put(name, value);
            return value;
        } catch (Exception | LinkageError e) { // a class that changed in an upgrade: the attribute is dropped, alone
            LOG.log(Level.WARNING, "Session attribute {0} cannot be read and is dropped: {1}", new Object[] {name, e.toString()});
            removed.add(name);
            return null;
        }
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        check();
        Set<String> names = new LinkedHashSet<>(stored.keySet());
        names.addAll(live.keySet());
        names.removeAll(removed);
        return Collections.enumeration(names);
    }

    @Override
    public void setAttribute(String name, Object value) {
        check();
        if (value == null) {
            removeAttribute(name);
            return;
        }
        Object old = getAttribute(name);
        live.put(name, value);
        removed.remove(name);
        if (value != old && value instanceof HttpSessionBindingListener listener) {
            listener.valueBound(new HttpSessionBindingEvent(this, name, value));
        }
        unbound(name, old, value);
    }

    @Override
    public void removeAttribute(String name) {
        check();
        Object old = getAttribute(name);
        live.remove(name);
        removed.add(name);
        unbound(name, old, null);
    }

    private void unbound(String name, Object old, Object now) {
        if (old != null && old != now && old instanceof HttpSessionBindingListener listener) {
            listener.valueUnbound(new HttpSessionBindingEvent(this, name, old));
        }
    }

    @Override
    public void invalidate() {
        check();
        for (String name : Collections.list(getAttributeNames())) {
            removeAttribute(name);
        }
        invalid = true;
    }

    @Override
    public boolean isNew() {
        check();
        return fresh;
    }

    private void check() {
        if (invalid) {
            throw new IllegalStateException("The session has been invalidated");
        }
    }
}
