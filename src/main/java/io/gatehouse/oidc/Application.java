package io.gatehouse.oidc;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * An application of a project that signs people in through the project's OpenID Connect provider
 * (an OAuth client). Confidential applications authenticate with a secret ({@link ApplicationSecret});
 * public ones (single-page and native apps) have none and must use PKCE.
 */
@Entity
@Table(name = "gh_application")
public class Application {
    @Id
    private String id;
    @Column(name = "project_id")
    private String projectId;
    @Column(name = "client_id")
    private String clientId;
    private String name;
    @Column(name = "public_client")
    private boolean publicClient;
    /** One URI a line: exact-match lists are short, and a line break cannot occur in a valid URI. */
    @Lob
    @Column(name = "redirect_uris")
    private String redirectUris;
    @Lob
    @Column(name = "post_logout_redirect_uris")
    private String postLogoutRedirectUris;
    @Column(name = "backchannel_logout_uri")
    private String backchannelLogoutUri;
    @Column(name = "access_token_seconds")
    private int accessTokenSeconds;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "last_modified")
    private Instant lastModified;
    @Version
    private long version;

    protected Application() {
    }

    Application(String id, String projectId, String clientId, String name, boolean publicClient) {
        this.id = id;
        this.projectId = projectId;
        this.clientId = clientId;
        this.name = name;
        this.publicClient = publicClient;
        this.createdAt = Instant.now();
        this.lastModified = createdAt;
    }

    void configure(ApplicationSettings settings) {
        this.name = settings.name();
        this.redirectUris = String.join("\n", settings.redirectUris());
        this.postLogoutRedirectUris = String.join("\n", settings.postLogoutRedirectUris());
        this.backchannelLogoutUri = settings.backchannelLogoutUri();
        this.accessTokenSeconds = settings.accessTokenSeconds();
        this.lastModified = Instant.now();
    }

    public String id() { return id; }
    public String projectId() { return projectId; }
    public String clientId() { return clientId; }
    public String name() { return name; }
    public boolean publicClient() { return publicClient; }
    public List<String> redirectUris() { return lines(redirectUris); }
    public List<String> postLogoutRedirectUris() { return lines(postLogoutRedirectUris); }
    public String backchannelLogoutUri() { return backchannelLogoutUri; }
    public int accessTokenSeconds() { return accessTokenSeconds; }
    public Instant createdAt() { return createdAt; }
    public Instant lastModified() { return lastModified; }
    public long version() { return version; }

    /** Exact string comparison, as OAuth 2.0 Security BCP requires: no prefix, no normalisation. */
    public boolean allowsRedirect(String uri) {
        return uri != null && redirectUris().contains(uri);
    }

    public boolean allowsPostLogoutRedirect(String uri) {
        return uri != null && postLogoutRedirectUris().contains(uri);
    }

    private static List<String> lines(String text) {
        return text == null || text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
    }
}
