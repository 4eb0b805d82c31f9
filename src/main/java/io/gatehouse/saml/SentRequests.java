package io.gatehouse.saml;

import io.gatehouse.platform.Database;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import net.shibboleth.utilities.java.support.xml.SerializeSupport;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.util.XMLObjectSupport;
import org.pac4j.saml.store.SAMLMessageStore;
import org.pac4j.saml.util.Configuration;

/**
 * pac4j's SAML message store, in the database: the requests this SP sent, so InResponseTo is
 * checked (pac4j skips the check without a store) on whichever node the answer lands. A request
 * is answerable for {@link #LIFETIME}; older ones are deleted now and then.
 */
@ApplicationScoped
public class SentRequests {
    static final Duration LIFETIME = Duration.ofHours(1);
    private Database database;

    protected SentRequests() {
    }

    @Inject
    public SentRequests(Database database) {
        this.database = database;
    }

    SAMLMessageStore forProject(String projectId) {
        return new SAMLMessageStore() {
            @Override
            public Optional<XMLObject> get(String id) {
                return find(projectId, id);
            }

            @Override
            public void set(String id, XMLObject message) {
                save(projectId, id, message);
            }

            @Override
            public void remove(String id) {
                delete(id);
            }
        };
    }

    Optional<XMLObject> find(String projectId, String id) {
        if (id == null || id.length() > 128) {
            return Optional.empty();
        }
        SentRequest sent = database.read(em -> em.find(SentRequest.class, id));
        if (sent == null || !sent.projectId().equals(projectId) || sent.createdAt().plus(LIFETIME).isBefore(Instant.now())) {
            return Optional.empty();
        }
        try {
            return Optional.of(XMLObjectSupport.unmarshallFromInputStream(Configuration.getParserPool(),
                    new ByteArrayInputStream(sent.message().getBytes(StandardCharsets.UTF_8))));
        } catch (Exception e) {
            throw new IllegalStateException("Stored SAML request " + id + " is unreadable", e);
        }
    }

    void save(String projectId, String id, XMLObject message) {
        try {
            String xml = SerializeSupport.nodeToString(XMLObjectSupport.marshall(message));
            database.writing(em -> em.persist(new SentRequest(id, projectId, xml)));
        } catch (Exception e) {
            throw new IllegalStateException("Could not store the SAML request", e);
        }
        if (ThreadLocalRandom.current().nextInt(100) == 0) {
            database.writing(em -> em.createQuery("DELETE FROM SentRequest r WHERE r.createdAt < :before")
                    .setParameter("before", Instant.now().minus(LIFETIME)).executeUpdate());
        }
    }

    void delete(String id) {
        database.writing(em -> em.createQuery("DELETE FROM SentRequest r WHERE r.id = :id").setParameter("id", id)
                .executeUpdate());
    }
}
