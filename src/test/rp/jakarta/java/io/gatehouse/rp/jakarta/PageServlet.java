package io.gatehouse.rp.jakarta;

import jakarta.annotation.security.DeclareRoles;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.authentication.mechanism.http.OpenIdAuthenticationMechanismDefinition;
import jakarta.security.enterprise.authentication.mechanism.http.openid.ClaimsDefinition;
import jakarta.security.enterprise.authentication.mechanism.http.openid.LogoutDefinition;
import jakarta.security.enterprise.identitystore.openid.OpenIdContext;
import jakarta.servlet.annotation.HttpConstraint;
import jakarta.servlet.annotation.ServletSecurity;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * The protected page: only the role Editor may see it (a Gatehouse project role given by a group;
 * the ID token's "roles" claim becomes the caller's groups, and the container maps groups to roles).
 * It prints what the application knows about the caller, one "name: value" a line, for the tests.
 *
 * <p>The mechanism: authorization code flow against the Gatehouse project's issuer, the caller's
 * name from preferred_username, the session keeps the tokens, and an expired access token is
 * refreshed at the next request (tokenMinValidity 0: only when really expired). When the refresh is
 * refused (a deactivated user) Soteria ends the session and sends the browser to /signed-out.
 */
@WebServlet("/page")
@DeclareRoles({"Editor", "Member"})
@ServletSecurity(@HttpConstraint(rolesAllowed = "Editor"))
@OpenIdAuthenticationMechanismDefinition(
        providerURI = "${rpSettings.issuer}",
        clientId = "${rpSettings.clientId}",
        clientSecret = "${rpSettings.clientSecret}",
        redirectURI = "${baseURL}/callback",
        redirectToOriginalResource = true,
        claimsDefinition = @ClaimsDefinition(callerNameClaim = "preferred_username", callerGroupsClaim = "roles"),
        tokenAutoRefresh = true,
        tokenMinValidity = 0,
        logout = @LogoutDefinition(redirectURI = "${baseURL}/signed-out"))
public class PageServlet extends HttpServlet {
    @Inject
    SecurityContext security;

    @Inject
    OpenIdContext openId;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        PrintWriter out = response.getWriter();
        out.println("caller: " + security.getCallerPrincipal().getName());
        out.println("isCallerInRole(Editor): " + security.isCallerInRole("Editor"));
        out.println("isUserInRole(Editor): " + request.isUserInRole("Editor"));
        out.println("isUserInRole(Member): " + request.isUserInRole("Member"));
        out.println("role claim: " + openId.getIdentityToken().getClaims().get("role"));
        out.println("sub: " + openId.getSubject());
        out.println("access token hash: " + Integer.toHexString(openId.getAccessToken().getToken().hashCode()));
    }
}
