package io.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jakarta.rs.json.JacksonJsonProvider;
import com.unboundid.scim2.client.ScimService;
import com.unboundid.scim2.common.exceptions.ResourceConflictException;
import com.unboundid.scim2.common.exceptions.ResourceNotFoundException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.messages.ListResponse;
import com.unboundid.scim2.common.messages.PatchOperation;
import com.unboundid.scim2.common.messages.PatchRequest;
import com.unboundid.scim2.common.types.Email;
import com.unboundid.scim2.common.types.GroupResource;
import com.unboundid.scim2.common.types.Member;
import com.unboundid.scim2.common.types.Name;
import com.unboundid.scim2.common.types.UserResource;
import com.unboundid.scim2.common.utils.JsonUtils;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import java.net.URL;
import java.util.List;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** UnboundID's SCIM 2 SDK client, a third-party SCIM client, drives the server end to end. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ScimSdkClientIT {

    @ArquillianResource
    URL base;

    @Test
    void theUnboundIdClientProvisionsUsersAndGroups() throws Exception {
        Api admin = Api.admin(base);
        String project = Fixtures.project(admin);
        String token = Fixtures.scimToken(admin, project);
        Client client = ClientBuilder.newClient()
                .register(new JacksonJsonProvider(JsonUtils.createObjectMapper()))
                .register((jakarta.ws.rs.client.ClientRequestFilter) request ->
                        request.getHeaders().putSingle("Authorization", "Bearer " + token));
        try {
            ScimService scim = new ScimService(client.target(base.toURI()).path("scim/v2"));
            assertTrue(scim.getServiceProviderConfig().getPatch().isSupported());
            assertEquals(3, scim.getSchemas().getTotalResults());

            UserResource user = new UserResource().setUserName("sdk@example.com")
                    .setName(new Name().setGivenName("Sdk").setFamilyName("Client"))
                    .setEmails(List.of(new Email().setValue("sdk@example.com").setType("work").setPrimary(true)))
                    .setActive(true);
            UserResource created = scim.create("Users", user);
            assertTrue(created.getId() != null && created.getMeta().getVersion() != null);

            UserResource read = scim.retrieve("Users", created.getId(), UserResource.class);
            assertEquals("Sdk", read.getName().getGivenName());

            ListResponse<UserResource> found = scim.searchRequest("Users")
                    .filter(Filter.eq("userName", "SDK@example.com").toString()).invoke(UserResource.class);
            assertEquals(1, found.getTotalResults());

            UserResource inactive = scim.modify("Users", created.getId(),
                    new PatchRequest(PatchOperation.replace("active", false)), UserResource.class);
            assertFalse(inactive.getActive());

            read.setDisplayName("Sdk Client");
            UserResource replaced = scim.replace(scim.retrieve(read.setActive(false)));
            assertEquals(created.getId(), replaced.getId());

            GroupResource group = scim.create("Groups", new GroupResource().setDisplayName("SDK group")
                    .setMembers(List.of(new Member().setValue(created.getId()))));
            GroupResource fetched = scim.retrieve("Groups", group.getId(), GroupResource.class);
            assertEquals(1, fetched.getMembers().size());
            assertEquals(created.getId(), fetched.getMembers().get(0).getValue());

            assertThrows(ResourceConflictException.class, () -> scim.create("Users", new UserResource().setUserName("Sdk@Example.com")));
            scim.delete("Groups", group.getId());
            scim.delete("Users", created.getId());
            assertThrows(ResourceNotFoundException.class, () -> scim.retrieve("Users", created.getId(), UserResource.class));
        } finally {
            client.close();
        }
    }
}
