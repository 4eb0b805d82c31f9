package io.gatehouse.scim;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import java.util.Set;

/** The SCIM 2.0 service provider, {@code /scim/v2}: identity providers provision users and groups here. */
@ApplicationPath("/scim/v2")
public class ScimApi extends Application {
    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(
                ScimBodyLimit.class, ScimAuthFilter.class, io.gatehouse.platform.TextInputFilter.class,
                io.gatehouse.platform.JerseyJson.class, ScimActivity.class,
                ScimErrors.ProblemMapper.class, ScimErrors.SdkMapper.class, ScimErrors.DomainMapper.class,
                ScimErrors.JsonMapper.class, ScimErrors.WebMapper.class, ScimErrors.UnexpectedMapper.class,
                ScimUsersResource.class, ScimGroupsResource.class,
                ServiceProviderConfigResource.class, ResourceTypesResource.class, SchemasResource.class);
    }

    @Override
    public Map<String, Object> getProperties() {
        return io.gatehouse.platform.JerseyJson.PROPERTIES;
    }
}
