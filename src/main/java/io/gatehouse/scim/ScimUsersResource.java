package io.gatehouse.scim;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.io.InputStream;
import java.util.List;

/** {@code /scim/v2/Users} (RFC 7644 3.3 to 3.6): translates SCIM to {@link ScimUsers} and back. */
@jakarta.enterprise.context.RequestScoped
@Path("Users")
public class ScimUsersResource {
    @Inject
    ScimUsers users;
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

    /** POST /Users/.search: the same query in a body (RFC 7644 3.4.3). */
    @POST
    @Path(".search")
    public Response searchByPost(InputStream body) {
        ObjectNode query = ScimJson.object(body);
        ListRequest list = ListRequest.of(text(query, "filter"), text(query, "startIndex"), text(query, "count"),
                text(query, "sortBy"), text(query, "sortOrder"));
        return search(list, AttributeSelection.of(joined(query, "attributes"), joined(query, "excludedAttributes")));
    }

    @POST
    public Response create(InputStream body) {
        ScimUsers.Found created = users.create(caller.projectId(), UserJson.parse(ScimJson.object(body)), caller.actor());
        return one(201, created);
    }

    @GET
    @Path("{id}")
    public Response get(@PathParam("id") String id, @QueryParam("attributes") String attributes,
                        @QueryParam("excludedAttributes") String excludedAttributes) {
        ScimUsers.Found found = users.get(caller.projectId(), id);
        ObjectNode node = AttributeSelection.of(attributes, excludedAttributes)
                .apply(UserJson.toJson(found.user(), found.groups(), ScimResponses.base(request)));
        return ScimResponses.resource(200, node, found.user().version(), headers);
    }

    @PUT
    @Path("{id}")
    public Response replace(@PathParam("id") String id, InputStream body) {
        UserJson.Profile profile = UserJson.parse(ScimJson.object(body));
        return one(200, users.replace(caller.projectId(), id, profile, ifMatch(), caller.actor()));
    }

    @PATCH
    @Path("{id}")
    public Response patch(@PathParam("id") String id, InputStream body) {
        var patch = PatchOperations.read(ScimJson.object(body));
        return one(200, users.patch(caller.projectId(), id, patch, ifMatch(), caller.actor()));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        users.delete(caller.projectId(), id, ifMatch(), caller.actor());
        return Response.noContent().build();
    }

    private Response search(ListRequest list, AttributeSelection selection) {
        ScimUsers.Listed found = users.list(caller.projectId(), list, selection.wants("groups"));
        String base = ScimResponses.base(request);
        List<ObjectNode> resources = found.users().stream()
                .map(f -> selection.apply(UserJson.toJson(f.user(), f.groups(), base))).toList();
        return Response.ok(ScimJson.write(ScimResponses.list(found.total(), list.startIndex(), resources)))
                .type(ScimResponses.mediaType(headers)).build();
    }

    private Response one(int status, ScimUsers.Found found) {
        ObjectNode node = UserJson.toJson(found.user(), found.groups(), ScimResponses.base(request));
        return ScimResponses.resource(status, node, found.user().version(), headers);
    }

    private Long ifMatch() {
        return Versions.fromIfMatch(headers.getHeaderString(HttpHeaders.IF_MATCH));
    }

    static String text(ObjectNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    static String joined(ObjectNode node, String field) {
        if (!node.hasNonNull(field)) {
            return null;
        }
        if (!node.get(field).isArray()) {
            return node.get(field).asText();
        }
        StringBuilder joined = new StringBuilder();
        node.get(field).forEach(item -> joined.append(item.asText()).append(','));
        return joined.toString();
    }
}
