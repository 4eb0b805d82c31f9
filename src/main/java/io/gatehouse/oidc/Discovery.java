package io.gatehouse.oidc;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.openid.connect.sdk.SubjectType;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import java.net.URI;
import java.util.List;

/**
 * The provider metadata of a project's issuer (OpenID Connect Discovery 1.0), built with Nimbus so
 * the names are the standard ones. It says exactly what the provider does: code flow only for people,
 * client credentials for an application's own directory.read token, PKCE with S256 only, the RFC 9207
 * {@code iss} parameter, RP-initiated and back-channel logout.
 */
final class Discovery {
    static final List<String> CLAIMS = List.of("iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "at_hash", "sid", "azp",
            "preferred_username", "email", "given_name", "family_name", "name", "groups", "role", "roles");

    private Discovery() {
    }

    static OIDCProviderMetadata of(String issuer) {
        OIDCProviderMetadata meta = new OIDCProviderMetadata(new Issuer(issuer), List.of(SubjectType.PUBLIC),
                URI.create(issuer + "/jwks"));
        meta.setAuthorizationEndpointURI(URI.create(issuer + "/authorize"));
        meta.setTokenEndpointURI(URI.create(issuer + "/token"));
        meta.setUserInfoEndpointURI(URI.create(issuer + "/userinfo"));
        meta.setEndSessionEndpointURI(URI.create(issuer + "/logout"));
        meta.setResponseTypes(List.of(ResponseType.CODE));
        meta.setResponseModes(List.of(ResponseMode.QUERY));
        meta.setGrantTypes(List.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN, GrantType.CLIENT_CREDENTIALS));
        meta.setScopes(new Scope("openid", "profile", "email", "offline_access", ApplicationCredential.SCOPE));
        meta.setTokenEndpointAuthMethods(List.of(ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
                ClientAuthenticationMethod.CLIENT_SECRET_POST, ClientAuthenticationMethod.NONE));
        meta.setCodeChallengeMethods(List.of(CodeChallengeMethod.S256));
        meta.setIDTokenJWSAlgs(List.of(JWSAlgorithm.RS256));
        meta.setPromptTypes(List.of(com.nimbusds.openid.connect.sdk.Prompt.Type.LOGIN, com.nimbusds.openid.connect.sdk.Prompt.Type.NONE));
        meta.setClaims(CLAIMS);
        meta.setSupportsAuthorizationResponseIssuerParam(true);
        meta.setSupportsBackChannelLogout(true);
        meta.setSupportsBackChannelLogoutSession(true);
        meta.setSupportsRequestParam(false);
        meta.setSupportsRequestURIParam(false);
        meta.setSupportsClaimsParams(false);
        return meta;
    }
}
