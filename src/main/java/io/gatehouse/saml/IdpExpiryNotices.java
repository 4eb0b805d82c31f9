package io.gatehouse.saml;

import io.gatehouse.audit.Actor;
import io.gatehouse.audit.AuditLog;
import io.gatehouse.platform.Database;
import io.gatehouse.platform.UtcTimestamp;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The IdP expiry report of a project, with each of its warnings audited once: the first read that
 * sees a warning (the overview, a guide, the SSO settings JSON) records it in gh_idp_expiry_notice
 * and the audit log in one transaction; a second node doing the same at once fails on the notice's
 * key and writes nothing. Known notices are remembered, so the console's 15-second poll reads no table for them.
 */
@ApplicationScoped
public class IdpExpiryNotices {
    private static final Logger LOG = Logger.getLogger(IdpExpiryNotices.class.getName());

    private final Set<String> audited = ConcurrentHashMap.newKeySet();
    private Database database;
    private AuditLog audit;

    protected IdpExpiryNotices() {
    }

    @Inject
    public IdpExpiryNotices(Database database, AuditLog audit) {
        this.database = database;
        this.audit = audit;
    }

    /** The project's report now; audits the warnings not audited yet (never throws for that). */
    public IdpExpiry.Report report(String projectId, SamlSettings saml) {
        IdpExpiry.Report report = IdpExpiry.of(saml.effectiveIdpMetadata(), Instant.now());
        List<String> warnings = report.warnings();
        List<String> notices = report.notices();
        for (int i = 0; i < notices.size(); i++) {
            String notice = notices.get(i);
            if (audited.contains(projectId + "|" + notice)) {
                continue;
            }
            try {
                String warning = warnings.get(i);
                database.writing(em -> auditOnce(em, projectId, notice, report.summary(notice), warning));
                audited.add(projectId + "|" + notice);
            } catch (RuntimeException e) { // another node audited it at the same moment, or the database is away: next read
                LOG.log(Level.FINE, "IdP expiry notice " + notice + " of project " + projectId + " not recorded: " + e.getMessage());
            }
        }
        return report;
    }

    private void auditOnce(EntityManager em, String projectId, String notice, String summary, String warning) {
        Number known = (Number) em.createNativeQuery("SELECT COUNT(*) FROM gh_idp_expiry_notice WHERE project_id = ? AND notice = ?")
                .setParameter(1, projectId).setParameter(2, notice).getSingleResult();
        if (known.longValue() > 0) {
            return;
        }
        em.createNativeQuery("INSERT INTO gh_idp_expiry_notice (project_id, notice, audited_at) VALUES (?, ?, ?)")
                .setParameter(1, projectId).setParameter(2, notice).setParameter(3, UtcTimestamp.sql(Instant.now())).executeUpdate();
        audit.record(em, projectId, Actor.system(), new AuditLog.Entry("sso.idp-expiry", "project", projectId, summary, warning));
    }
}
