package io.gatehouse.saml;

import io.gatehouse.audit.Actor;
import io.gatehouse.audit.AuditLog;
import io.gatehouse.member.MemberAreaServlet;
import io.gatehouse.member.MemberSession;
import io.gatehouse.member.MemberSessions;
import io.gatehouse.member.SignInFailure;
import io.gatehouse.platform.BaseUrl;
import io.gatehouse.platform.Database;
import io.gatehouse.platform.DomainException;
import io.gatehouse.platform.HtmlPage;
import io.gatehouse.project.Project;
import io.gatehouse.project.Projects;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import javax.xml.parsers.DocumentBuilder;
import org.pac4j.core.exception.TechnicalException;
import org.pac4j.core.exception.http.HttpAction;
import org.pac4j.jee.context.JEEContext;
import org.pac4j.jee.context.session.JEESessionStore;
import org.pac4j.saml.client.SAML2Client;
import org.pac4j.saml.credentials.authenticator.SAML2Authenticator;
import org.pac4j.saml.profile.SAML2Profile;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * SAML Single Logout, both ways and in both bindings. SP-initiated: the member area ends the local
 * session and sends the person here, and Gatehouse sends a signed LogoutRequest to the IdP.
 * IdP-initiated: a LogoutRequest must be signed (pac4j 5 would accept an unsigned one, and does
 * not check HTTP-Redirect signatures at all); it ends the named sessions on every node (they are
 * rows in the database) and the browser's own, then answers with a LogoutResponse.
 */
@ApplicationScoped
public class SingleLogout {
    private static final String DSIG = "http://www.w3.org/2000/09/xmldsig#";
    private static final String PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol";
    private static final String ASSERTION = "urn:oasis:names:tc:SAML:2.0:assertion";

    @Inject
    Projects projects;
    @Inject
    SpKeys keys;
    @Inject
    SamlClients clients;
    @Inject
    MemberSessions sessions;
    @Inject
    AuditLog audit;
    @Inject
    Database database;

    /** SP-initiated: tells the IdP about the session the member area just ended. */
    void start(HttpServletRequest request, HttpServletResponse response, String projectId) throws IOException {
        Project project = project(() -> projects.get(projectId));
        if (project == null) {
            response.sendError(404);
            return;
        }
        String signedOut = BaseUrl.of(request) + "/app/" + project.id() + "/signed-out";
        HttpSession http = request.getSession(false);
        Object pending = http == null ? null : http.getAttribute(MemberAreaServlet.SLO_PENDING_ATTRIBUTE + project.id());
        MemberSession ended = pending == null ? null : sessions.find(pending.toString()).orElse(null);
        if (http != null) {
            http.removeAttribute(MemberAreaServlet.SLO_PENDING_ATTRIBUTE + project.id());
        }
        if (ended == null || ended.subject() == null || !ended.projectId().equals(project.id())) {
            response.sendRedirect(signedOut);
            return;
        }
        try {
            SAML2Client client = clients.forProject(project, keys.ensure(project.id()), BaseUrl.of(request));
            request.setAttribute(RelayState.ATTRIBUTE, "/app/" + project.id() + "/signed-out");
            var action = client.getLogoutAction(new JEEContext(request, response), JEESessionStore.INSTANCE,
                    profile(ended.subject()), signedOut);
            if (action.isPresent()) { // empty when the IdP publishes no Single Logout endpoint
                record(project.id(), ended.subject().nameId(), "saml.logout", "Signed out; Single Logout sent to the IdP", null);
                PacActions.send(action.get(), response);
                return;
            }
        } catch (SignInFailure | TechnicalException e) {
            // no IdP to tell: the local session is over anyway
        }
        response.sendRedirect(signedOut);
    }

    /** A LogoutRequest from the IdP, or the LogoutResponse to ours, in either binding. */
    void receive(HttpServletRequest request, HttpServletResponse response, String token) throws IOException {
        Project project = project(() -> projects.bySamlToken(token));
        if (project == null) {
            response.sendError(404);
            return;
        }
        String samlRequest = request.getParameter("SAMLRequest");
        boolean redirect = "GET".equals(request.getMethod());
        try {
            SamlSettings settings = keys.ensure(project.id());
            SAML2Client client = clients.forProject(project, settings, BaseUrl.of(request));
            Element logoutRequest = null;
            if (samlRequest != null) {
                logoutRequest = parse(samlRequest, redirect);
                requireSignature(request, settings, logoutRequest, redirect);
            } else if (request.getParameter("SAMLResponse") == null) {
                throw new SignInFailure(SignInFailure.Reason.MALFORMED, "Neither SAMLRequest nor SAMLResponse");
            }
            try {
                client.getCredentials(new JEEContext(new LogoutEndpoint(request), response), JEESessionStore.INSTANCE);
                throw new SignInFailure(SignInFailure.Reason.INVALID, "pac4j did not answer the logout message");
            } catch (HttpAction answer) {
                if (logoutRequest == null) { // the IdP confirmed our LogoutRequest
                    response.sendRedirect(BaseUrl.of(request) + "/app/" + project.id() + "/signed-out");
                    return;
                }
                endSessions(request, response, project, logoutRequest);
                PacActions.send(answer, response);
            }
        } catch (SignInFailure failure) {
            refused(request, response, project, failure.detail());
        } catch (TechnicalException e) {
            refused(request, response, project, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private void endSessions(HttpServletRequest request, HttpServletResponse response, Project project, Element logoutRequest) {
        String nameId = text(logoutRequest, ASSERTION, "NameID");
        String sessionIndex = text(logoutRequest, PROTOCOL, "SessionIndex");
        int ended = nameId == null ? 0 : sessions.endByIdp(project.id(), nameId, sessionIndex);
        sessions.signOut(request, response, project.id(), io.gatehouse.member.EndReason.SINGLE_LOGOUT);
        record(project.id(), nameId, "saml.logout", "Single Logout from the IdP ended " + ended + " session(s)", null);
    }

    private static void requireSignature(HttpServletRequest request, SamlSettings settings, Element logoutRequest,
                                         boolean redirect) {
        if (redirect) {
            if (!RedirectSignature.verify(request.getQueryString(), IdpCertificates.signing(settings.effectiveIdpMetadata()))) {
                throw new SignInFailure(SignInFailure.Reason.SIGNATURE, "LogoutRequest (HTTP-Redirect) unsigned or signed by an unknown key");
            }
        } else if (directChild(logoutRequest, DSIG, "Signature") == null) {
            // pac4j verifies an XML signature that is there; it must be there
            throw new SignInFailure(SignInFailure.Reason.SIGNATURE, "LogoutRequest (HTTP-POST) is not signed");
        }
    }

    private void refused(HttpServletRequest request, HttpServletResponse response, Project project, String detail)
            throws IOException {
        record(project.id(), null, "saml.logout-refused", "Single Logout message refused", detail);
        HtmlPage.send(response, 403, "Sign-out message refused", "<h1>Sign-out message refused</h1><p>The identity provider's "
                + "sign-out message did not pass Gatehouse's checks (it must be signed by the project's identity provider)."
                + "</p><p class=\"muted\">The attempt is in the project's audit log.</p>", true);
    }

    private void record(String projectId, String who, String action, String summary, String detail) {
        database.writing(em -> audit.record(em, projectId, Actor.signIn(who == null ? "unknown" : who),
                new AuditLog.Entry(action, "project", projectId, summary, detail)));
    }

    private static SAML2Profile profile(MemberSession.SamlSubject subject) {
        SAML2Profile profile = new SAML2Profile();
        profile.setId(subject.nameId());
        profile.addAuthenticationAttribute(SAML2Authenticator.SAML_NAME_ID_FORMAT, subject.nameIdFormat());
        profile.addAuthenticationAttribute(SAML2Authenticator.SESSION_INDEX, subject.sessionIndex());
        return profile;
    }

    private static Element parse(String message, boolean deflated) {
        try {
            byte[] bytes = Base64.getMimeDecoder().decode(message);
            DocumentBuilder builder = ResponseScreen.secureFactory().newDocumentBuilder();
            builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler());
            try (InputStream in = deflated ? new InflaterInputStream(new ByteArrayInputStream(bytes), new Inflater(true))
                    : new ByteArrayInputStream(bytes)) {
                return builder.parse(in).getDocumentElement();
            }
        } catch (Exception e) {
            throw new SignInFailure(SignInFailure.Reason.MALFORMED, "Unreadable SAMLRequest: " + e.getClass().getSimpleName());
        }
    }

    private static String text(Element root, String namespace, String name) {
        var nodes = root.getElementsByTagNameNS(namespace, name);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().strip();
    }

    private static Element directChild(Element parent, String namespace, String localName) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element e && namespace.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName())) {
                return e;
            }
        }
        return null;
    }

    private static Project project(java.util.function.Supplier<Project> lookup) {
        try {
            return lookup.get();
        } catch (DomainException notFound) {
            return null;
        }
    }

    /** pac4j tells logout messages from sign-in responses by a request parameter; this SLO URL always is one. */
    private static final class LogoutEndpoint extends HttpServletRequestWrapper {
        LogoutEndpoint(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getParameter(String name) {
            return SamlClients.LOGOUT_PARAMETER.equals(name) ? "true" : super.getParameter(name);
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            Map<String, String[]> map = new HashMap<>(super.getParameterMap());
            map.put(SamlClients.LOGOUT_PARAMETER, new String[] {"true"});
            return map;
        }
    }
}
