package io.gatehouse.platform;

import io.gatehouse.admin.AdminApiKeyFilter;
import io.gatehouse.admin.AdminKeyResource;
import io.gatehouse.audit.AuditResource;
import io.gatehouse.audit.GlobalAuditResource;
import io.gatehouse.group.GroupPriorityResource;
import io.gatehouse.group.GroupResource;
import io.gatehouse.oidc.ApplicationCredentialFilter;
import io.gatehouse.oidc.ApplicationResource;
import io.gatehouse.oidc.SigningKeyResource;
import io.gatehouse.project.ProjectResource;
import io.gatehouse.role.RoleResource;
import io.gatehouse.saml.SsoResource;
import io.gatehouse.scim.ScimTokenResource;
import io.gatehouse.user.RegularUserSyncResource;
import io.gatehouse.user.UserResource;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import java.util.Set;

/** The management API, {@code /api/v1}: everything an admin does, behind an admin API key. */
@ApplicationPath("/api/v1")
public class ManagementApi extends Application {
    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(
                ApplicationCredentialFilter.class, AdminApiKeyFilter.class, TextInputFilter.class, JsonConfig.class, JerseyJson.class,
                ApiError.DomainMapper.class, ApiError.JsonMapper.class, ApiError.WebMapper.class,
                ApiError.UnexpectedMapper.class,
                ProjectResource.class, RoleResource.class, SsoResource.class, ScimTokenResource.class,
                GroupResource.class, GroupPriorityResource.class, UserResource.class, RegularUserSyncResource.class, AuditResource.class, GlobalAuditResource.class, AdminKeyResource.class,
                ApplicationResource.class, SigningKeyResource.class, io.gatehouse.events.EventFeedResource.class,
                io.gatehouse.events.WebhookResource.class, io.gatehouse.scim.ScimRequestResource.class,
                io.gatehouse.saml.SignInAttemptResource.class);
    }

    @Override
    public Map<String, Object> getProperties() {
        return JerseyJson.PROPERTIES;
    }
}
