package io.gatehouse.console;

import io.gatehouse.oidc.Application;
import io.gatehouse.oidc.ApplicationSettings;
import io.gatehouse.platform.DomainException;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * The fields of the register and edit forms of an application, as typed: URIs one a line, the
 * lifetime as text (so that "abc" gets a message on the page instead of a converter error no
 * message area shows). {@link #settings()} hands them to the domain, which validates them.
 */
public class ApplicationForm implements Serializable {
    private static final long serialVersionUID = 1L;
    static final String DEFAULT_ACCESS_TOKEN_SECONDS = "300";

    private String name;
    private String redirectUris;
    private String postLogoutRedirectUris;
    private String backchannelLogoutUri;
    private boolean publicClient;
    private String accessTokenSeconds = DEFAULT_ACCESS_TOKEN_SECONDS;

    /** The form filled with an application's current settings, to edit them. */
    static ApplicationForm of(Application app) {
        ApplicationForm form = new ApplicationForm();
        form.name = app.name();
        form.redirectUris = String.join("\n", app.redirectUris());
        form.postLogoutRedirectUris = String.join("\n", app.postLogoutRedirectUris());
        form.backchannelLogoutUri = app.backchannelLogoutUri();
        form.publicClient = app.publicClient();
        form.accessTokenSeconds = String.valueOf(app.accessTokenSeconds());
        return form;
    }

    /** The settings the domain checks (absolute https URIs, lifetime range); throws its DomainException otherwise. */
    ApplicationSettings settings() {
        return ApplicationSettings.of(name, lines(redirectUris), lines(postLogoutRedirectUris), backchannelLogoutUri, seconds());
    }

    /** Non-empty lines, trimmed: a trailing newline or a blank line between URIs is not an empty URI. */
    static List<String> lines(String text) {
        if (text == null) {
            return List.of();
        }
        return Arrays.stream(text.split("\\R")).map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    private Integer seconds() {
        if (accessTokenSeconds == null || accessTokenSeconds.isBlank()) {
            return null; // the domain's default
        }
        try {
            return Integer.valueOf(accessTokenSeconds.strip());
        } catch (NumberFormatException e) {
            throw DomainException.invalid("Access token lifetime must be a whole number of seconds");
        }
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getRedirectUris() { return redirectUris; }
    public void setRedirectUris(String redirectUris) { this.redirectUris = redirectUris; }
    public String getPostLogoutRedirectUris() { return postLogoutRedirectUris; }
    public void setPostLogoutRedirectUris(String uris) { this.postLogoutRedirectUris = uris; }
    public String getBackchannelLogoutUri() { return backchannelLogoutUri; }
    public void setBackchannelLogoutUri(String uri) { this.backchannelLogoutUri = uri; }
    public boolean isPublicClient() { return publicClient; }
    public void setPublicClient(boolean publicClient) { this.publicClient = publicClient; }
    public String getAccessTokenSeconds() { return accessTokenSeconds; }
    public void setAccessTokenSeconds(String seconds) { this.accessTokenSeconds = seconds; }
}
