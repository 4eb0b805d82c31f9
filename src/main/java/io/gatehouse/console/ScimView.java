package io.gatehouse.console;

import io.gatehouse.scim.ScimToken;
import io.gatehouse.scim.ScimTokens;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/**
 * A project's SCIM settings: the base URL and the tokens. A generated token's clear value is kept
 * only until its dialog is closed; the page can never show it again.
 */
@Named
@ViewScoped
public class ScimView extends ProjectPage {
    private static final long serialVersionUID = 1L;

    @Inject
    ScimTokens tokens;

    private transient List<ScimToken> tokenList;
    private String newTokenName;
    /** Shown once, in the answer to the action that made it: never kept in the shared session. */
    private transient String issuedSecret;
    private String issuedName;

    @Override
    protected void load() {
        tokenList = tokens.list(getProjectId());
    }

    public void generate() {
        show(Messages.attempt(() -> tokens.generate(getProjectId(), newTokenName, actor()), null));
        newTokenName = null;
    }

    public void rotate(String tokenId) {
        show(Messages.attempt(() -> tokens.rotate(getProjectId(), tokenId, actor()), null));
    }

    public void revoke(String tokenId) {
        if (Messages.attempt(() -> tokens.revoke(getProjectId(), tokenId, actor()), "Token revoked: the identity provider can no longer use it.")) {
            load();
        }
    }

    /** The dialog was closed: the clear token is forgotten. */
    public void forgetIssued() {
        issuedSecret = null;
        issuedName = null;
    }

    private void show(ScimTokens.Issued issued) {
        if (issued != null) {
            issuedSecret = issued.secret();
            issuedName = issued.token().name();
            load();
        }
    }

    public List<ScimToken> getTokens() { return tokenList; }
    public String getScimBaseUrl() { return baseUrl() + "/scim/v2"; }
    public String getIssuedSecret() { return issuedSecret; }
    public String getIssuedName() { return issuedName; }
    public String getNewTokenName() { return newTokenName; }
    public void setNewTokenName(String newTokenName) { this.newTokenName = newTokenName; }
}
