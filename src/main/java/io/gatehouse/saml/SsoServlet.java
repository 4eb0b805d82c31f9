package io.gatehouse.saml;

import io.gatehouse.member.MemberSession;
import io.gatehouse.member.MemberSessions;
import io.gatehouse.platform.BaseUrl;
import io.gatehouse.platform.DomainException;
import io.gatehouse.platform.HtmlPage;
import io.gatehouse.platform.Metrics;
import io.gatehouse.project.Project;
import io.gatehouse.project.Projects;
import io.gatehouse.role.EffectiveRoles;
import io.gatehouse.member.SignInFailure;
import io.gatehouse.member.SignInFailure.Reason;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.pac4j.core.exception.TechnicalException;
import org.pac4j.core.exception.http.HttpAction;
import org.pac4j.jee.context.JEEContext;
import org.pac4j.jee.context.session.JEESessionStore;
import org.pac4j.saml.client.SAML2Client;
import org.pac4j.saml.credentials.SAML2Credentials;

/**
 * The SAML boundary of a project: SP metadata and the Assertion Consumer Service under the
 * project's SAML token, SP-initiated sign-in under its id. It translates between the SAML
 * protocol (pac4j) and the domain (SamlSignIn, MemberSessions); every refusal is audited and
 * answered with a page that says why.
 */
@WebServlet("/sso/*")
public class SsoServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(SsoServlet.class.getName());

    @Inject
    transient Projects projects;
    @Inject
    transient SpKeys keys;
    @Inject
    transient SamlClients clients;
    @Inject
    transient SamlSignIn signIn;
    @Inject
    transient SentRequests sentRequests;
    @Inject
    transient MemberSessions sessions;
    @Inject
    transient SingleLogout singleLogout;
    @Inject
    transient SignInAttempts attempts;
    @Inject
    transient EffectiveRoles roles;
    @Inject
    transient Metrics metrics;

    /** {@code /sso/<token or project id>/saml/<endpoint>} */
    private record Route(String key, String endpoint) {
        static Route of(HttpServletRequest request) {
            String[] parts = request.getPathInfo() == null ? new String[0] : request.getPathInfo().split("/");
            return parts.length == 4 && parts[0].isEmpty() && "saml".equals(parts[2]) ? new Route(parts[1], parts[3]) : null;
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Route route = Route.of(request);
        String endpoint = route == null ? "" : route.endpoint();
        switch (endpoint) {
            case "metadata" -> metadata(request, response, route.key());
            case "init" -> init(request, response, route.key());
            case "logout-start" -> singleLogout.start(request, response, route.key());
            case "logout" -> singleLogout.receive(request, response, route.key());
            default -> notFound(response);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Route route = Route.of(request);
        String endpoint = route == null ? "" : route.endpoint();
        switch (endpoint) {
            case "consume" -> consume(request, response, route.key());
            case "logout" -> singleLogout.receive(request, response, route.key());
            default -> notFound(response);
        }
    }

    private void metadata(HttpServletRequest request, HttpServletResponse response, String token) throws IOException {
        Project project = byToken(token);
        if (project == null) {
            notFound(response);
            return;
        }
        String xml = clients.spMetadata(project, keys.ensure(project.id()), BaseUrl.of(request));
        response.setContentType("application/samlmetadata+xml;charset=UTF-8");
        response.setHeader("Content-Disposition", "inline; filename=\"gatehouse-sp-metadata.xml\"");
        response.getWriter().write(xml);
    }

    private void init(HttpServletRequest request, HttpServletResponse response, String projectId) throws IOException {
        Project project = byId(projectId);
        if (project == null) {
            notFound(response);
            return;
        }
        try {
            SAML2Client client = clients.forProject(project, keys.ensure(project.id()), BaseUrl.of(request));
            request.setAttribute(RelayState.ATTRIBUTE, RelayState.safeOrHome(project.id(), request.getParameter("RelayState")));
            if ("true".equals(request.getParameter("ForceAuthn"))) { // an application asked for a fresh sign-in (prompt=login)
                request.setAttribute(org.pac4j.core.redirect.RedirectionActionBuilder.ATTRIBUTE_FORCE_AUTHN, Boolean.TRUE);
            }
            BrowserFlow.begin(request, response, project.id()); // the AuthnRequest is stored tied to this browser
            JEEContext context = new JEEContext(request, response);
            client.getRedirectionAction(context, JEESessionStore.INSTANCE).ifPresent(action -> PacActions.send(action, response));
        } catch (SignInFailure failure) {
            refused(request, response, project, failure, null);
        } catch (HttpAction action) {
            PacActions.send(action, response);
        }
    }

    private void consume(HttpServletRequest request, HttpServletResponse response, String token) throws IOException {
        Project project = byToken(token);
        if (project == null) {
            notFound(response);
            return;
        }
        SignInTrace trace = SignInTrace.of(request.getParameter("SAMLResponse"));
        try {
            MemberSession session = consume(request, response, project, trace);
            sessions.bind(request, response, session);
            trace.signedIn();
            response.sendRedirect(BaseUrl.of(request) + RelayState.safeOrHome(project.id(), request.getParameter("RelayState")));
        } catch (SignInFailure failure) {
            trace.failed(failure);
            refused(request, response, project, failure, trace.userName());
        } catch (TechnicalException e) { // pac4j's validation failures, and HttpActions it should not send here
            SignInFailure failure = Pac4jFailures.translate(e);
            trace.failed(failure);
            refused(request, response, project, failure, trace.userName());
        } catch (RuntimeException unexpected) {
            trace.crashed();
            throw unexpected;
        } finally {
            attempts.record(project.id(), trace);
            String reason = trace.reasonCode(); // a SignInFailure.Reason or ERROR: a bounded label
            metrics.count("gatehouse.saml.sign_ins", "result", reason == null ? "success" : "refused",
                    "reason", reason == null ? "none" : reason);
        }
    }

    /** The checks, in order, each noted in the trace as it passes; the member session, or the SignInFailure of the first to fail. */
    private MemberSession consume(HttpServletRequest request, HttpServletResponse response, Project project, SignInTrace trace) {
        SamlSettings settings = keys.ensure(project.id());
        trace.expect(expected(request, project, settings));
        ResponseScreen.Screened screened = ResponseScreen.check(request.getParameter("SAMLResponse"));
        trace.screened();
        requireCurrentMetadata(settings, trace);
        SAML2Client client = clients.forProject(project, settings, BaseUrl.of(request));
        SAML2Credentials credentials = (SAML2Credentials) client.getCredentials(new JEEContext(request, response),
                JEESessionStore.INSTANCE).orElseThrow(() -> new SignInFailure(Reason.INVALID, "pac4j found no credentials"));
        trace.validated((X509Certificate) request.getAttribute(SignedAssertionValidator.SIGNER_ATTRIBUTE));
        Claims claims = Claims.from(credentials);
        trace.userName(claims.userName());
        trace.passed(SignInTrace.CLAIMS, ClaimsText.of(claims));
        requireSolicitedOrAllowed(request, project, settings, credentials.getInResponseTo());
        trace.passed(SignInTrace.IN_RESPONSE_TO, credentials.getInResponseTo() == null
                ? "The sign-in was started at the identity provider (it answers no request); this project accepts those."
                : "Answers the sign-in this browser started here (request " + credentials.getInResponseTo() + ").");
        MemberSession session = signIn.signIn(project.id(), claims, screened.ids(), screened.keepUntil(), trace);
        if (credentials.getInResponseTo() != null) {
            sentRequests.delete(credentials.getInResponseTo());
        }
        traceRole(project, session, trace);
        return session;
    }

    /** The role the person has now, and why (EffectiveRole's own sentence); the sign-in does not wait on it failing. */
    private void traceRole(Project project, MemberSession session, SignInTrace trace) {
        try {
            trace.passed(SignInTrace.ROLE, roles.of(project.id(), session.userId()).reason() + ".");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Sign-in trace: role of " + session.userId() + " not read: " + e.getMessage());
        }
    }

    private static SignInTrace.Expected expected(HttpServletRequest request, Project project, SamlSettings settings) {
        SpUrls urls = SpUrls.of(BaseUrl.of(request), project);
        String metadata = settings.effectiveIdpMetadata();
        IdpExpiry.Read read = metadata == null ? new IdpExpiry.Read(null, List.of(), null) : IdpExpiry.read(metadata);
        return new SignInTrace.Expected(urls.acs(), urls.entityId(), read.entityId(), read.certificates());
    }

    /** SAML metadata past its validUntil must not be used (metadata spec 2.3); pac4j would use it. */
    private static void requireCurrentMetadata(SamlSettings settings, SignInTrace trace) {
        if (settings.effectiveIdpMetadata() == null) {
            throw new SignInFailure(Reason.NOT_CONFIGURED, "No IdP metadata for project " + settings.projectId());
        }
        IdpExpiry.Report expiry = IdpExpiry.of(settings.effectiveIdpMetadata(), Instant.now());
        if (expiry.metadataStatus() == IdpExpiry.Status.expired) {
            throw new SignInFailure(Reason.IDP_METADATA_EXPIRED, "The identity provider's metadata was valid until "
                    + Texts.at(expiry.metadataValidUntil()) + " (its validUntil)");
        }
        trace.passed(SignInTrace.METADATA, "Metadata of the identity provider " + trace.expectedIdp() + ", "
                + (expiry.metadataValidUntil() == null ? "with no expiry date (validUntil)"
                : "valid until " + Texts.at(expiry.metadataValidUntil())) + ".");
    }

    /**
     * The sign-in is bound by what is signed only: the assertion's InResponseTo (SignedAssertionValidator
     * put it in the credentials) must name an AuthnRequest sent to this browser; without one the
     * response is unsolicited, accepted only while the project allows IdP-initiated sign-in.
     */
    private void requireSolicitedOrAllowed(HttpServletRequest request, Project project, SamlSettings settings,
                                           String signedInResponseTo) {
        if (signedInResponseTo != null) {
            sentRequests.requireSentTo(project.id(), signedInResponseTo, BrowserFlow.secret(request, project.id()));
        } else if (!settings.idpInitiatedAllowed()) {
            throw new SignInFailure(Reason.IDP_INITIATED_OFF,
                    "The signed assertion answers no request (IdP-initiated), and the project refuses IdP-initiated sign-in");
        }
    }

    private void refused(HttpServletRequest request, HttpServletResponse response, Project project, SignInFailure failure,
                         String who) throws IOException {
        LOG.log(Level.INFO, "Sign-in to project " + project.id() + " refused: " + failure.getMessage());
        if (failure.reason() != Reason.NOT_CONFIGURED) {
            signIn.failed(project.id(), failure, who);
        }
        String relayState = request.getParameter("RelayState");
        if (RelayState.oidcContinue(project.id(), relayState)) {
            // an application is waiting: it gets the OAuth error redirect (the reason is audited above)
            response.sendRedirect(BaseUrl.of(request) + relayState + "?failed=" + failure.reason().name());
            return;
        }
        SignInPages.refused(response, failure, project, BaseUrl.of(request));
    }

    private Project byToken(String token) {
        try {
            return projects.bySamlToken(token);
        } catch (DomainException e) {
            return DomainException.unlessNotFound(e);
        }
    }

    private Project byId(String projectId) {
        try {
            return projects.get(projectId);
        } catch (DomainException e) {
            return DomainException.unlessNotFound(e);
        }
    }

    private static void notFound(HttpServletResponse response) throws IOException {
        HtmlPage.send(response, 404, "Unknown sign-in address",
                "<h1>Unknown sign-in address</h1><p class=\"muted\">No project signs in at this address. Check the URL your "
                        + "administrator gave you.</p>", true);
    }
}
