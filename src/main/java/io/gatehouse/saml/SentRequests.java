package io.gatehouse.saml;

import io.gatehouse.member.SignInFailure;
import io.gatehouse.member.SignInFailure.Reason;
import io.gatehouse.platform.Database;
import io.gatehouse.platform.Secrets;
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
import org.opensaml.saml.saml2.core.AuthnRequest;
import org.pac4j.saml.store.SAMLMessageStore;
import org.pac4j.saml.util.Configuration;

/**
 * pac4j's SAML message store, in the database: the requests this SP sent, so InResponseTo is
 * checked (pac4j skips the check without a store) on whichever node the answer lands. An
 * AuthnRequest is stored with the hash of the sending browser's flow secret (BrowserFlow), and the
 * signed InResponseTo of a response must name one of this browser's ({@link #requireSentTo}). A
 * request is answerable for {@link #LIFETIME}; older ones are deleted now and then.
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

    /** The project's store; requests it saves are tied to the browser flow secret, when there is one. */
    SAMLMessageStore forProject(String projectId, String browserSecret) {
        return new SAMLMessageStore() {
            @Override
            public Optional<XMLObject> get(String id) {
                return find(projectId, id);
            }

            @Override
            public void set(String id, XMLObject message) {
                save(projectId, id, message, browserSecret);
            }

            @Override
            public void remove(String id) {
                delete(id);
            }
        };
    }

    Optional<XMLObject> find(String projectId, String id) {
        return row(projectId, id).map(SentRequests::message);
    }

    /**
     * Refuses the sign-in unless the project sent the AuthnRequest {@code id} (the signed
     * InResponseTo) to the browser presenting {@code browserSecret}: UNSOLICITED when it never sent
     * it (or it has expired), FLOW_MISMATCH when it went to another browser.
     */
    void requireSentTo(String projectId, String id, String browserSecret) {
        SentRequest sent = row(projectId, id).orElse(null);
        if (sent == null || !(message(sent) instanceof AuthnRequest)) {
            throw new SignInFailure(Reason.UNSOLICITED, "The signed assertion answers " + id
                    + ", which is not an AuthnRequest this project sent in the last " + LIFETIME.toMinutes() + " minutes");
        }
        if (!Secrets.matches(browserSecret, sent.browserHash())) {
            throw new SignInFailure(Reason.FLOW_MISMATCH, "The signed assertion answers " + id + ", an AuthnRequest sent to "
                    + (browserSecret == null ? "a browser, and this one has no sign-in flow cookie" : "another browser"));
        }
    }

    private Optional<SentRequest> row(String projectId, String id) {
        if (id == null || id.length() > 128) {
            return Optional.empty();
        }
        SentRequest sent = database.read(em -> em.find(SentRequest.class, id));
        if (sent == null || !sent.projectId().equals(projectId) || sent.createdAt().plus(LIFETIME).isBefore(Instant.now())) {
            return Optional.empty();
        }
        return Optional.of(sent);
    }

    private static XMLObject message(SentRequest sent) {
        try {
            return XMLObjectSupport.unmarshallFromInputStream(Configuration.getParserPool(),
                    new ByteArrayInputStream(sent.message().getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException("A stored SAML request is unreadable", e);
        }
    }

    void save(String projectId, String id, XMLObject message, String browserSecret) {
        try {
            String xml = SerializeSupport.nodeToString(XMLObjectSupport.marshall(message));
            String browserHash = browserSecret == null ? null : Secrets.hash(browserSecret);
            database.writing(em -> em.persist(new SentRequest(id, projectId, xml, browserHash)));
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
