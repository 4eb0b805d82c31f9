package io.gatehouse.oidc;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.http.JakartaServletUtils;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import io.gatehouse.platform.BaseUrl;
import io.gatehouse.platform.DomainException;
import io.gatehouse.platform.Metrics;
import io.gatehouse.project.Project;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The token endpoint: the request parsed by Nimbus, the client authenticated (client_secret_basic,
 * client_secret_post, or none for a public client, which then must prove PKCE), the grant settled
 * by {@link Grants}: authorization_code, refresh_token, and client_credentials for a confidential
 * application's own directory.read token (no ID or refresh token then). Every refusal is an OAuth
 * JSON error; a failed client authentication is a 401 with a Basic challenge, as RFC 6749 section 5.2 asks.
 */
@ApplicationScoped
public class TokenEndpoint {
    private static final Logger LOG = Logger.getLogger(TokenEndpoint.class.getName());
    /** The metrics' labels take these values as they are, any other "other": clients choose what they send. */
    private static final Set<String> GRANT_TYPES = Set.of("authorization_code", "refresh_token", "client_credentials");
    private static final Set<String> ERRORS = Set.of("invalid_request", "invalid_client", "invalid_grant", "unauthorized_client",
            "unsupported_grant_type", "invalid_scope", "temporarily_unavailable", "server_error");
    private Grants grants;
    private Applications applications;
    private Metrics metrics;

    protected TokenEndpoint() {
    }

    @Inject
    public TokenEndpoint(Grants grants, Applications applications, Metrics metrics) {
        this.grants = grants;
        this.applications = applications;
        this.metrics = metrics;
    }

    void token(HttpServletRequest request, HttpServletResponse response, Project project, String issuer) throws IOException {
        HTTPResponse answer;
        String grantType = "none";
        ErrorObject error = null;
        try {
            HTTPRequest http = httpRequest(request);
            grantType = grantType(http);
            TokenRequest tokenRequest = parse(http, project);
            IssuedTokens tokens = grant(em -> authenticate(em, project, tokenRequest), project, tokenRequest, issuer,
                    BaseUrl.of(request));
            answer = success(tokens).toHTTPResponse();
        } catch (ParseException e) {
            error = (e.getErrorObject() == null ? OAuth2Error.INVALID_REQUEST : e.getErrorObject()).setDescription(e.getMessage());
            answer = new TokenErrorResponse(error).toHTTPResponse();
        } catch (OAuthRefusal refusal) {
            error = refusal.error();
            answer = new TokenErrorResponse(error).toHTTPResponse();
            if (error.getHTTPStatusCode() == 401) {
                answer.setHeader("WWW-Authenticate", "Basic realm=\"" + issuer + "\"");
            }
        } catch (TooLarge e) {
            error = OAuth2Error.INVALID_REQUEST.setDescription("The request body is too large");
            answer = new TokenErrorResponse(error).toHTTPResponse();
        } catch (DomainException e) { // the database is down or a concurrent write won: the client may retry
            LOG.log(Level.WARNING, "Token request not answered: " + e.getMessage());
            error = (e.kind() == DomainException.Kind.UNAVAILABLE ? OAuth2Error.TEMPORARILY_UNAVAILABLE
                    : OAuth2Error.INVALID_GRANT).setDescription(e.getMessage());
            answer = new TokenErrorResponse(error).toHTTPResponse();
        }
        answer.setCacheControl("no-store");
        answer.setPragma("no-cache");
        JakartaServletUtils.applyHTTPResponse(answer, response);
        String code = error == null ? "none" : ERRORS.contains(error.getCode()) ? error.getCode() : "other";
        metrics.count("gatehouse.oidc.tokens", "grant_type", grantType, "result", error == null ? "issued" : "refused",
                "error", code);
    }

    /** The request's grant_type for the metrics: one of {@link #GRANT_TYPES}, "other", or "none" when there is none. */
    private static String grantType(HTTPRequest http) {
        try {
            String type = com.nimbusds.oauth2.sdk.util.MultivaluedMapUtils.getFirstValue(http.getBodyAsFormParameters(),
                    "grant_type");
            return type == null ? "none" : GRANT_TYPES.contains(type) ? type : "other";
        } catch (ParseException notAForm) {
            return "none";
        }
    }

    /** The OpenID Connect answer of a person's grant; the plain OAuth one (access token only) of the client credentials grant. */
    private static AccessTokenResponse success(IssuedTokens tokens) {
        BearerAccessToken access = new BearerAccessToken(tokens.accessToken(), tokens.expiresIn(),
                com.nimbusds.oauth2.sdk.Scope.parse(tokens.scope()));
        if (tokens.idToken() == null) {
            return new AccessTokenResponse(new Tokens(access, null));
        }
        return new OIDCTokenResponse(new OIDCTokens(tokens.idToken(), access, new RefreshToken(tokens.refreshToken())));
    }

    /**
     * Nimbus refuses a client_credentials request without client authentication as invalid_client.
     * When the request names a public application of this project, it gets unauthorized_client
     * instead: the client is known and has no secret by design, and this grant is for confidential
     * applications only (RFC 6749 4.4), which is what its developer needs to read.
     */
    private TokenRequest parse(HTTPRequest http, Project project) throws ParseException {
        try {
            return TokenRequest.parse(http);
        } catch (ParseException e) {
            if (OAuth2Error.INVALID_CLIENT.equals(e.getErrorObject()) && publicClientCredentials(http, project)) {
                throw new OAuthRefusal(OAuth2Error.UNAUTHORIZED_CLIENT, ApplicationCredential.PUBLIC_CLIENT);
            }
            throw e;
        }
    }

    /** Whether the form (read by Nimbus) is a client credentials grant with the client_id of a public application. */
    private boolean publicClientCredentials(HTTPRequest http, Project project) {
        try {
            var form = http.getBodyAsFormParameters();
            String clientId = com.nimbusds.oauth2.sdk.util.MultivaluedMapUtils.getFirstValue(form, "client_id");
            return AuthorizationGrant.parse(form) instanceof ClientCredentialsGrant
                    && applications.byClientId(project.id(), clientId).map(Application::publicClient).orElse(false);
        } catch (ParseException notThatGrant) {
            return false;
        }
    }

    /** Nimbus reads at most 64 KiB of body; more is refused as invalid_request, not a 500. */
    private static com.nimbusds.oauth2.sdk.http.HTTPRequest httpRequest(HttpServletRequest request) {
        try {
            return JakartaServletUtils.createHTTPRequest(request, 64 * 1024);
        } catch (IOException | IllegalArgumentException e) {
            throw new TooLarge();
        }
    }

    private static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super(null, null, false, false);
        }
    }

    /** Runs inside the grant's transaction: the client, its secret and the grant are read on one connection. */
    private static Application authenticate(EntityManager em, Project project, TokenRequest tokenRequest) {
        ClientAuthentication auth = tokenRequest.getClientAuthentication();
        ClientID clientId = auth != null ? auth.getClientID() : tokenRequest.getClientID();
        Application app = clientId == null ? null : Applications.byClientId(em, project.id(), clientId.getValue()).orElse(null);
        if (app == null) {
            throw new OAuthRefusal(OAuth2Error.INVALID_CLIENT, "Unknown client");
        }
        if (app.publicClient()) {
            if (auth != null) {
                throw new OAuthRefusal(OAuth2Error.INVALID_CLIENT, "A public client has no secret to authenticate with");
            }
            return app;
        }
        String secret = auth instanceof ClientSecretBasic basic ? basic.getClientSecret().getValue()
                : auth instanceof ClientSecretPost post ? post.getClientSecret().getValue() : null;
        if (secret == null || !Applications.secretMatches(em, app, secret)) {
            throw new OAuthRefusal(OAuth2Error.INVALID_CLIENT, "Client authentication failed");
        }
        return app;
    }

    private IssuedTokens grant(Function<EntityManager, Application> client, Project project, TokenRequest request, String issuer,
                               String baseUrl) {
        AuthorizationGrant grant = request.getAuthorizationGrant();
        if (grant instanceof AuthorizationCodeGrant code) {
            return grants.exchangeCode(client, project, code.getAuthorizationCode().getValue(),
                    code.getRedirectionURI() == null ? null : code.getRedirectionURI().toString(), code.getCodeVerifier(), issuer);
        }
        if (grant instanceof RefreshTokenGrant refresh) {
            return grants.refresh(client, project, refresh.getRefreshToken().getValue(), issuer);
        }
        if (grant instanceof ClientCredentialsGrant) {
            return grants.clientCredentials(client, request.getScope(), issuer, ApplicationCredential.audience(baseUrl));
        }
        throw new OAuthRefusal(OAuth2Error.UNSUPPORTED_GRANT_TYPE,
                "Supported grants: authorization_code, refresh_token, client_credentials");
    }
}
