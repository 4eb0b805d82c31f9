package io.gatehouse.scim;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.group.Group;
import io.gatehouse.platform.Versions;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;


/**
 * {@code /scim/v2/Groups}. Responses are streamed so members are written page by page; with
 * {@code excludedAttributes=members} they are not read at all.
 */
@jakarta.enterprise.context.RequestScoped
@Path("Groups")
public class ScimGroupsResource {
    @Inject
    ScimGroups groups;
    @Inject
    ScimCaller caller;
    @Context
    HttpServletRequest request;
    @Context
    HttpHeaders headers;

    @GET
    public Response list(@QueryParam("filter") String filter, @QueryParam("startIndex") String startIndex,
                         @QueryParam("count") String count, @QueryParam("sortBy") String sortBy,
                         @QueryParam("sortOrder") String sortOrder, @QueryParam("attributes") String attributes,
                         @QueryParam("excludedAttributes") String excludedAttributes) {
        ListRequest list = ListRequest.of(filter, startIndex, count, sortBy, sortOrder);
        return search(list, AttributeSelection.of(attributes, excludedAttributes));
    }

    @POST
    @Path(".search")
    public Response searchByPost(InputStream body) {
        ObjectNode query = ScimJson.object(body);
        ListRequest list = ListRequest.of(ScimUsersResource.text(query, "filter"), ScimUsersResource.text(query, "startIndex"),
                ScimUsersResource.text(query, "count"), ScimUsersResource.text(query, "sortBy"), ScimUsersResource.text(query, "sortOrder"));
        return search(list, AttributeSelection.of(ScimUsersResource.joined(query, "attributes"),
                ScimUsersResource.joined(query, "excludedAttributes")));
    }

    @POST
    public Response create(InputStream body) {
        Group group = groups.create(caller.projectId(), GroupJson.parse(ScimJson.object(body)), caller.actor());
        return one(201, group, AttributeSelection.of(null, null));
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id, @QueryParam("attributes") String attributes,
                        @QueryParam("excludedAttributes") String excludedAttributes) {
        return one(200, groups.get(caller.projectId(), id), AttributeSelection.of(attributes, excludedAttributes));
    }

    @PUT
    @Path("{id}")
    public Response replace(@PathParam("id") String id, InputStream body) {
        GroupJson.Input input = GroupJson.parse(ScimJson.object(body));
        return one(200, groups.replace(caller.projectId(), id, input, ifMatch(), caller.actor()), AttributeSelection.of(null, null));
    }

    /** PATCH answers 204 without a body (RFC 7644 3.5.2 allows it): re-reading 100k members per PATCH is waste. */
    @PATCH
    @Path("{id}")
    public Response patch(@PathParam("id") String id, InputStream body) {
        var patch = PatchOperations.read(ScimJson.object(body));
        Group group = groups.patch(caller.projectId(), id, patch, ifMatch(), caller.actor());
        return Response.noContent().header(HttpHeaders.ETAG, Versions.etag(group.version())).build();
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        groups.delete(caller.projectId(), id, caller.actor());
        return Response.noContent().build();
    }

    private Response search(ListRequest list, AttributeSelection selection) {
        ScimGroups.Listed found = groups.list(caller.projectId(), list);
        String base = ScimResponses.base(request);
        StreamingOutput body = out -> groups.withMembers(members -> {
            try (JsonGenerator json = ScimJson.MAPPER.getFactory().createGenerator(out)) {
                json.writeStartObject();
                json.writeArrayFieldStart("schemas");
                json.writeString(ScimResponses.LIST_SCHEMA);
                json.writeEndArray();
                json.writeNumberField("totalResults", found.total());
                json.writeNumberField("startIndex", list.startIndex());
                json.writeNumberField("itemsPerPage", found.groups().size());
                json.writeArrayFieldStart("Resources");
                for (Group group : found.groups()) {
                    GroupJson.write(json, group, base, selection.wants("members") ? members : null, selection);
                }
                json.writeEndArray();
                json.writeEndObject();
                return null;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return ScimResponses.streamed(200, body, null, null, headers);
    }

    private Response one(int status, Group group, AttributeSelection selection) {
        String base = ScimResponses.base(request);
        StreamingOutput body = out -> groups.withMembers(members -> {
            try (JsonGenerator json = ScimJson.MAPPER.getFactory().createGenerator(out)) {
                GroupJson.write(json, group, base, selection.wants("members") ? members : null, selection);
                return null;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return ScimResponses.streamed(status, body, group.version(), base + "/Groups/" + group.id(), headers);
    }

    private Long ifMatch() {
        return Versions.fromIfMatch(headers.getHeaderString(HttpHeaders.IF_MATCH));
    }

}
