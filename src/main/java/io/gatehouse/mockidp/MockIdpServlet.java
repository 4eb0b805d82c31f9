package io.gatehouse.mockidp;

import io.gatehouse.platform.BaseUrl;
import io.gatehouse.platform.DomainException;
import io.gatehouse.platform.HtmlPage;
import io.gatehouse.platform.SecretFile;
import io.gatehouse.platform.Settings;
import io.gatehouse.project.Project;
import io.gatehouse.project.Projects;
import io.gatehouse.saml.SpKeyPair;
import io.gatehouse.saml.SpUrls;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.opensaml.core.xml.util.XMLObjectSupport;
import org.opensaml.saml.saml2.core.AuthnRequest;
import org.opensaml.saml.saml2.core.LogoutRequest;
import org.pac4j.saml.util.Configuration;

/**
 * The development-only mock identity provider ({@code GATEHOUSE_DEV_MODE=true}; a 404 otherwise).
 * A newcomer types an e-mail, names and groups and is signed in through a real signed SAML
 * response that goes through the project's ACS and every check a real IdP's response goes through.
 * Point a project at it with the IdP metadata URL {@code <base>/dev/idp/metadata}.
 */
@WebServlet("/dev/idp/*")
public class MockIdpServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final String KEY_FILE = "mock-idp-key";

    @Inject
    transient Projects projects;
    private transient volatile SpKeyPair keys;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!Settings.devMode()) {
            response.sendError(404);
            return;
        }
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        if (path.equals("/metadata")) {
            response.setContentType("application/samlmetadata+xml;charset=UTF-8");
            response.getWriter().write(idp(request).metadataXml());
        } else if (path.equals("/sso")) {
            spInitiated(request, response);
        } else if (path.startsWith("/start/")) {
            idpInitiated(request, response, path.substring("/start/".length()));
        } else if (path.equals("/slo")) {
            singleLogout(request, response);
        } else {
            response.sendError(404);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!Settings.devMode() || !"/sso".equals(request.getPathInfo())) {
            response.sendError(404);
            return;
        }
        MockIdentityProvider.Options options = MockIdentityProvider.Options.forSp(request.getParameter("acs"),
                request.getParameter("audience"));
        options.inResponseTo = blankToNull(request.getParameter("inResponseTo"));
        List<String> groups = Arrays.stream(request.getParameter("groups") == null ? new String[0]
                : request.getParameter("groups").split(",")).map(String::strip).filter(g -> !g.isEmpty()).toList();
        var person = new MockIdentityProvider.Person(request.getParameter("email"), blankToNull(request.getParameter("givenName")),
                blankToNull(request.getParameter("familyName")), groups.isEmpty() ? null : groups);
        String xml = idp(request).responseXml(person, options);
        HtmlPage.send(response, 200, "Signing in", HtmlPage.autoPost(options.acsUrl, "SAMLResponse",
                MockIdentityProvider.base64(xml), "RelayState", blankToNull(request.getParameter("relayState"))), false);
    }

    private void spInitiated(HttpServletRequest request, HttpServletResponse response) throws IOException {
        AuthnRequest authn;
        try {
            authn = (AuthnRequest) decodeRedirect(request.getParameter("SAMLRequest"));
        } catch (Exception e) {
            HtmlPage.send(response, 400, "Bad request", "<h1>No readable SAMLRequest</h1>", true);
            return;
        }
        form(response, authn.getAssertionConsumerServiceURL(), authn.getIssuer().getValue(), authn.getID(),
                request.getParameter("RelayState"));
    }

    /** The SP's LogoutRequest: answered with a signed LogoutResponse posted back to the SP's SLO URL. */
    private void singleLogout(HttpServletRequest request, HttpServletResponse response) throws IOException {
        LogoutRequest logout;
        try {
            logout = (LogoutRequest) decodeRedirect(request.getParameter("SAMLRequest"));
        } catch (Exception e) {
            HtmlPage.send(response, 200, "Signed out", "<h1>Signed out of the mock identity provider</h1>", false);
            return;
        }
        String spSlo = logout.getIssuer().getValue().replaceFirst("/metadata$", "/logout");
        String xml = idp(request).logoutResponseXml(logout.getID(), spSlo);
        HtmlPage.send(response, 200, "Signing out", HtmlPage.autoPost(spSlo, "SAMLResponse", MockIdentityProvider.base64(xml),
                "RelayState", blankToNull(request.getParameter("RelayState"))), false);
    }

    private void idpInitiated(HttpServletRequest request, HttpServletResponse response, String projectId) throws IOException {
        Project project;
        try {
            project = projects.get(projectId);
        } catch (DomainException notFound) {
            response.sendError(404);
            return;
        }
        SpUrls urls = SpUrls.of(BaseUrl.of(request), project);
        form(response, urls.acs(), urls.entityId(), null, null);
    }

    private static void form(HttpServletResponse response, String acs, String audience, String inResponseTo, String relayState)
            throws IOException {
        HtmlPage.send(response, 200, "Mock identity provider", "<h1>Mock identity provider</h1>"
                + "<p class=\"muted\">Development only. Whoever you type here is signed in through a real, signed SAML response.</p>"
                + "<form method=\"post\" action=\"sso\">"
                + hidden("acs", acs) + hidden("audience", audience) + hidden("inResponseTo", inResponseTo)
                + hidden("relayState", relayState)
                + "<label for=\"email\">E-mail</label><input type=\"email\" id=\"email\" name=\"email\" required value=\"jane.doe@example.com\">"
                + "<label for=\"givenName\">First name</label><input type=\"text\" id=\"givenName\" name=\"givenName\" value=\"Jane\">"
                + "<label for=\"familyName\">Last name</label><input type=\"text\" id=\"familyName\" name=\"familyName\" value=\"Doe\">"
                + "<label for=\"groups\">Groups (comma-separated, optional)</label><input type=\"text\" id=\"groups\" name=\"groups\">"
                + "<button>Sign in</button></form>"
                + "<p class=\"muted\">Service provider: <code>" + HtmlPage.escape(audience) + "</code></p>", false);
    }

    private static String hidden(String name, String value) {
        return value == null ? "" : "<input type=\"hidden\" name=\"" + name + "\" value=\"" + HtmlPage.escape(value) + "\">";
    }

    private static org.opensaml.core.xml.XMLObject decodeRedirect(String samlRequest) throws Exception {
        byte[] deflated = Base64.getMimeDecoder().decode(samlRequest);
        try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(deflated), new Inflater(true))) {
            return XMLObjectSupport.unmarshallFromInputStream(Configuration.getParserPool(), in);
        }
    }

    private MockIdentityProvider idp(HttpServletRequest request) {
        String base = BaseUrl.of(request) + "/dev/idp";
        return new MockIdentityProvider(base + "/metadata", base + "/sso", base + "/slo", keys());
    }

    /** The mock IdP's key pair, kept in the data directory so its metadata stays valid across restarts. */
    private SpKeyPair keys() {
        if (keys == null) {
            String stored = SecretFile.readOrCreate(Settings.dataDir().resolve(KEY_FILE), () -> {
                SpKeyPair generated = SpKeyPair.generate("Mock IdP");
                return Base64.getEncoder().encodeToString(generated.privateKey().getEncoded()) + "|"
                        + Base64.getEncoder().encodeToString(generated.certificatePem().getBytes());
            });
            String[] parts = stored.split("\\|");
            keys = SpKeyPair.of(Base64.getDecoder().decode(parts[0]), new String(Base64.getDecoder().decode(parts[1])));
        }
        return keys;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
