package io.gatehouse.saml;

import io.gatehouse.project.Project;

/** The service-provider URLs of a project, as an admin pastes them into the identity provider. */
public record SpUrls(String entityId, String metadata, String acs, String signOn, String logout) {
    public static SpUrls of(String baseUrl, Project project) {
        String byToken = baseUrl + "/sso/" + project.samlToken() + "/saml";
        return new SpUrls(byToken + "/metadata", byToken + "/metadata", byToken + "/consume",
                baseUrl + "/sso/" + project.id() + "/saml/init", byToken + "/logout");
    }
}
