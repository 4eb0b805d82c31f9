package io.gatehouse.platform;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The serialized form of a shared session's attributes. Each attribute is serialized on its own, so a
 * request that changed one attribute writes only that one over what another node may have written
 * meanwhile, and an attribute whose class no longer reads (after an upgrade) is dropped alone. The
 * bytes come only from Gatehouse's own database, never from a client; even so they are read through
 * {@link #ALLOWED}, so that whoever can write that table cannot make a node run a deserialization
 * gadget of some library on the class path.
 */
final class SessionAttributes {
    /**
     * What a session may hold: the JDK's and Jakarta's types, Faces (Mojarra), PrimeFaces, CDI's client
     * proxies and contexts (Weld), the servers' expression languages, and Gatehouse's own; anything
     * else is refused, and so are absurd graphs.
     */
    static final java.io.ObjectInputFilter ALLOWED = java.io.ObjectInputFilter.Config.createFilter(
            "maxdepth=1000;maxrefs=1000000;maxbytes=16777216;maxarray=1000000;"
                    + "java.**;jakarta.**;com.sun.faces.**;org.primefaces.**;org.jboss.weld.**;"
                    + "org.apache.el.**;org.glassfish.expressly.**;com.sun.el.**;io.gatehouse.**;!*");

    private SessionAttributes() {
    }

    static String encode(Map<String, byte[]> attributes) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
             java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            out.writeInt(attributes.size());
            for (Map.Entry<String, byte[]> e : attributes.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue().length);
                out.write(e.getValue());
            }
            out.flush();
            return Base64.getEncoder().encodeToString(bytes.toByteArray());
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    static Map<String, byte[]> decode(String text) {
        Map<String, byte[]> attributes = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return attributes;
        }
        try (java.io.DataInputStream in = new java.io.DataInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(text)))) {
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                String name = in.readUTF();
                byte[] value = new byte[in.readInt()];
                in.readFully(value);
                attributes.put(name, value);
            }
            return attributes;
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("Unreadable stored session", e);
        }
    }

    /** The value's bytes; a value that cannot be serialized names the class that stopped it. */
    static byte[] serialize(Object value) throws IOException {
        if (!(value instanceof Serializable)) {
            throw new java.io.NotSerializableException(value.getClass().getName());
        }
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(); ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
            out.flush();
            return bytes.toByteArray();
        }
    }

    /** The value, with classes resolved by the web application's class loader. */
    static Object deserialize(byte[] bytes) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new WebAppObjectInput(new ByteArrayInputStream(bytes))) {
            in.setObjectInputFilter(ALLOWED);
            return in.readObject();
        }
    }

    /**
     * The bytes to store for an attribute this request changed from {@code base} to {@code ours}
     * while another request changed it to {@code theirs}. Usually nobody else did, and ours is
     * stored. When both are maps (Faces keeps its views in a few session maps, one entry per browser
     * tab's view), the entries merge: theirs, plus the entries this request added or changed, minus
     * the ones it removed, so two tabs on two nodes do not lose each other's views. Otherwise the
     * last write wins.
     */
    @SuppressWarnings("unchecked")
    static byte[] merge(byte[] base, byte[] ours, byte[] theirs) {
        if (theirs == null || java.util.Arrays.equals(theirs, base) || base == null) {
            return ours;
        }
        try {
            Object baseValue = deserialize(base);
            Object ourValue = deserialize(ours);
            Object theirValue = deserialize(theirs);
            if (!(baseValue instanceof Map && ourValue instanceof Map && theirValue instanceof Map)) {
                return ours;
            }
            Map<Object, Object> before = (Map<Object, Object>) baseValue;
            Map<Object, Object> now = (Map<Object, Object>) ourValue;
            Map<Object, Object> merged = (Map<Object, Object>) theirValue;
            for (Map.Entry<Object, Object> entry : now.entrySet()) {
                if (!before.containsKey(entry.getKey())
                        || !java.util.Arrays.equals(serialize(before.get(entry.getKey())), serialize(entry.getValue()))) {
                    merged.put(entry.getKey(), entry.getValue());
                }
            }
            for (Object key : before.keySet()) {
                if (!now.containsKey(key)) {
                    merged.remove(key);
                }
            }
            return serialize(merged);
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            return ours; // not mergeable: as before, the last write wins
        }
    }

    private static final class WebAppObjectInput extends ObjectInputStream {
        WebAppObjectInput(InputStream in) throws IOException {
            super(in);
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            if (loader == null) {
                loader = SessionAttributes.class.getClassLoader();
            }
            try {
                return Class.forName(desc.getName(), false, loader);
            } catch (ClassNotFoundException e) {
                return super.resolveClass(desc);
            }
        }
    }
}
