package io.gatehouse.console;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The configuration an application pastes to sign people in through a project, filled with the
 * project's issuer, the application's client id and the project's role names. The client secret is
 * never known here (only its hash is stored), so it stays a placeholder.
 */
public record ConnectSnippets(String issuer, String clientId, boolean publicClient, List<String> roleNames) {
    static final String SECRET_PLACEHOLDER = "<client secret>";
    static final String CLIENT_ID_PLACEHOLDER = "<client id>";

    public String discoveryUrl() {
        return issuer + "/.well-known/openid-configuration";
    }

    /**
     * Jakarta Security 3.0 (Jakarta EE 10): roles come from the "roles" claim, so isUserInRole and
     * @RolesAllowed see them. Always with a secret: 3.0 sends no PKCE challenge, which a public client needs.
     */
    public String jakartaSecurity() {
        return """
                @OpenIdAuthenticationMechanismDefinition(
                        providerURI = "%s",
                        clientId = "%s",
                        clientSecret = "%s",
                        redirectURI = "${baseURL}/callback",
                        redirectToOriginalResource = true,
                        claimsDefinition = @ClaimsDefinition(callerGroupsClaim = "roles"),
                        logout = @LogoutDefinition(notifyProvider = true))
                @DeclareRoles({%s})
                @ApplicationScoped
                public class GatehouseSignIn {
                }""".formatted(issuer, clientId, SECRET_PLACEHOLDER, quotedRoles());
    }

    /** How a Jakarta EE application checks the role once signed in. */
    public String jakartaRoles() {
        String role = roleNames.isEmpty() ? "Member" : roleNames.get(0);
        return """
                @WebServlet("/reports")
                @ServletSecurity(@HttpConstraint(rolesAllowed = "%1$s"))
                public class ReportsServlet extends HttpServlet { ... }

                @RolesAllowed("%1$s")            // on an EJB or a Jakarta REST resource
                public Report monthly() { ... }

                request.isUserInRole("%1$s");    // or SecurityContext.isCallerInRole("%1$s")
                request.getUserPrincipal().getName();   // the preferred_username claim: the user's e-mail""".formatted(role);
    }

    /** Spring Boot's application.properties; Spring Security discovers everything else from the issuer. */
    public String springProperties() {
        String authentication = publicClient
                ? "spring.security.oauth2.client.registration.gatehouse.client-authentication-method=none\n"
                : "spring.security.oauth2.client.registration.gatehouse.client-secret=" + SECRET_PLACEHOLDER + "\n";
        return "spring.security.oauth2.client.registration.gatehouse.client-id=" + clientId + "\n"
                + authentication
                + "spring.security.oauth2.client.registration.gatehouse.scope=openid,profile,email\n"
                + "spring.security.oauth2.client.provider.gatehouse.issuer-uri=" + issuer + "\n"
                + "spring.security.oauth2.client.provider.gatehouse.user-name-attribute=preferred_username";
    }

    /** Spring Security: the "roles" claim as ROLE_ authorities, and back-channel logout. */
    public String springSecurity() {
        return """
                @Bean
                SecurityFilterChain security(HttpSecurity http) throws Exception {
                    http.authorizeHttpRequests(a -> a.anyRequest().authenticated())
                        .oauth2Login(Customizer.withDefaults())
                        .oidcLogout(logout -> logout.backChannel(Customizer.withDefaults()));
                    return http.build();
                }

                @Bean
                GrantedAuthoritiesMapper gatehouseRoles() {
                    return authorities -> authorities.stream()
                        .filter(OidcUserAuthority.class::isInstance)
                        .flatMap(a -> ((OidcUserAuthority) a).getIdToken().getClaimAsStringList("roles").stream())
                        .map(role -> new SimpleGrantedAuthority("ROLE_" + role))
                        .collect(Collectors.toSet());
                }""";
    }

    /** pac4j-oidc 6: discovery, client credentials, and the "roles" claim as pac4j roles. */
    public String pac4j() {
        String secret = publicClient
                ? "config.setClientAuthenticationMethod(ClientAuthenticationMethod.NONE);\n"
                : "config.setSecret(\"" + SECRET_PLACEHOLDER + "\");\n";
        return "OidcConfiguration config = new OidcConfiguration();\n"
                + "config.setDiscoveryURI(\"" + discoveryUrl() + "\");\n"
                + "config.setClientId(\"" + clientId + "\");\n"
                + secret
                + "config.setScope(\"openid profile email\");\n"
                + "OidcClient client = new OidcClient(config);\n"
                + "client.setCallbackUrl(\"https://app.example.com/callback\");\n"
                + "client.setAuthorizationGenerator((ctx, profile) -> {\n"
                + "    if (profile.getAttribute(\"roles\") instanceof Collection<?> roles) {\n"
                + "        roles.forEach(role -> profile.addRole(role.toString()));\n"
                + "    }\n"
                + "    return Optional.of(profile);\n"
                + "});";
    }

    private String quotedRoles() {
        List<String> names = roleNames.isEmpty() ? List.of("Member") : roleNames;
        return names.stream().map(n -> "\"" + n.replace("\\", "\\\\").replace("\"", "\\\"") + "\"").collect(Collectors.joining(", "));
    }
}
