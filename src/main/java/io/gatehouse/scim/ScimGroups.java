package io.gatehouse.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.filters.FilterType;
import com.unboundid.scim2.common.messages.PatchOpType;
import com.unboundid.scim2.common.messages.PatchOperation;
import com.unboundid.scim2.common.messages.PatchRequest;
import io.gatehouse.audit.Actor;
import io.gatehouse.audit.AuditLog;
import io.gatehouse.group.Group;
import io.gatehouse.group.Groups;
import io.gatehouse.group.ManagedBy;
import io.gatehouse.platform.Database;
import io.gatehouse.platform.Names;
import io.gatehouse.platform.Versions;
import io.gatehouse.project.Projects;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Groups as the identity provider pushes them over SCIM. Member changes run as set operations in
 * the database (never by loading the members); a group the IdP touched becomes IdP-managed.
 */
@ApplicationScoped
public class ScimGroups {
    static final Map<String, FilterQuery.Attribute> ATTRIBUTES = Map.of(
            "id", FilterQuery.Attribute.of("g.id", FilterQuery.Kind.EXACT_TEXT),
            "displayname", FilterQuery.Attribute.of("g.displayNameKey", FilterQuery.Kind.TEXT),
            "externalid", FilterQuery.Attribute.of("g.externalId", FilterQuery.Kind.EXACT_TEXT),
            "meta.created", FilterQuery.Attribute.of("g.createdAt", FilterQuery.Kind.INSTANT),
            "meta.lastmodified", FilterQuery.Attribute.of("g.lastModified", FilterQuery.Kind.INSTANT),
            "members.value", FilterQuery.Attribute.membership("m.groupId = g.id", "m.userId"));

    private Database database;
    private AuditLog audit;
    private Groups groups;

    protected ScimGroups() {
    }

    @Inject
    public ScimGroups(Database database, AuditLog audit, Groups groups) {
        this.database = database;
        this.audit = audit;
        this.groups = groups;
    }

    public Group create(String projectId, GroupJson.Input input, Actor actor) {
        return database.write(em -> {
            Projects.require(em, projectId);
            Group group = groups.create(em, projectId, displayName(input.displayName()), ManagedBy.IDP, actor);
            group.externalId(Names.optional("externalId", input.externalId(), 255));
            if (input.members() != null && !input.members().isEmpty()) {
                em.flush(); // the group row exists before its memberships reference it
                groups.addMembers(em, group, input.members(), actor);
            }
            return group;
        });
    }

    /** PUT: name, externalId and the complete member list become what the client sent. */
    public Group replace(String projectId, String groupId, GroupJson.Input input, Long expectedVersion, Actor actor) {
        return database.write(em -> {
            Group group = locked(em, projectId, groupId, expectedVersion);
            groups.rename(em, group, displayName(input.displayName()), actor);
            externalId(em, group, Names.optional("externalId", input.externalId(), 255), actor);
            groups.replaceMembers(em, group, input.members() == null ? List.of() : input.members(), actor);
            return group;
        });
    }

    /** PATCH, all operations in one transaction: displayName, externalId and members. */
    public Group patch(String projectId, String groupId, PatchRequest patch, Long expectedVersion, Actor actor) {
        return database.write(em -> {
            Group group = locked(em, projectId, groupId, expectedVersion);
            for (PatchOperation operation : patch) {
                apply(em, group, operation, actor);
            }
            return group;
        });
    }

    public void delete(String projectId, String groupId, Actor actor) {
        groups.delete(projectId, groupId, actor);
    }

    public Group get(String projectId, String groupId) {
        return database.read(em -> Groups.require(em, projectId, groupId));
    }

    public record Listed(List<Group> groups, long total) {
    }

    public Listed list(String projectId, ListRequest request) {
        return database.read(em -> {
            ListRequest.Where where = request.where("g", projectId, ATTRIBUTES);
            String orderBy = request.orderBy("g", ATTRIBUTES, "g.createdAt");
            TypedQuery<Long> count = em.createQuery("SELECT COUNT(g) FROM ProjectGroup g" + where.jpql(), Long.class);
            where.parameters().forEach(count::setParameter);
            long total = count.getSingleResult();
            if (request.count() == 0 || total < request.startIndex()) {
                return new Listed(List.of(), total);
            }
            TypedQuery<Group> select = em.createQuery("SELECT g FROM ProjectGroup g" + where.jpql()
                    + orderBy, Group.class);
            where.parameters().forEach(select::setParameter);
            return new Listed(select.setFirstResult(request.startIndex() - 1).setMaxResults(request.count()).getResultList(), total);
        });
    }

    /** Runs {@code work} with a reader of members, inside one read (the response streams from it). */
    public <T> T withMembers(Function<GroupJson.Members, T> work) {
        return database.read(em -> work.apply((group, after, limit) -> em.createQuery(
                        "SELECT m.userId, u.userName FROM Membership m, User u WHERE m.groupId = :g AND u.id = m.userId"
                                + " AND m.userId > :after ORDER BY m.userId", Object[].class)
                .setParameter("g", group).setParameter("after", after).setMaxResults(limit).getResultList()));
    }

    private Group locked(EntityManager em, String projectId, String groupId, Long expectedVersion) {
        Group group = Groups.lock(em, projectId, groupId);
        Versions.check(expectedVersion, group.version());
        group.managedByIdp();
        return group;
    }

    private void apply(EntityManager em, Group group, PatchOperation operation, Actor actor) {
        Path path = operation.getPath();
        JsonNode value = operation.getJsonNode();
        PatchOpType op = operation.getOpType();
        if (path == null || path.isRoot()) {
            if (op == PatchOpType.REMOVE || value == null || !value.isObject()) {
                throw ScimProblem.badRequest("noTarget", "A PATCH without a path needs an object value");
            }
            // Okta renames with {"op":"replace","value":{"id":"...","displayName":"..."}}: id is ignored
            for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                attribute(em, group, op, field.getKey().toLowerCase(Locale.ROOT), null, field.getValue(), actor);
            }
            return;
        }
        if (path.size() > 1 || (path.getSchemaUrn() != null && !path.getSchemaUrn().equalsIgnoreCase(GroupJson.SCHEMA))) {
            throw ScimProblem.invalidPath("Unsupported path '" + path + "' for a Group");
        }
        Path.Element element = path.getElement(0);
        attribute(em, group, op, element.getAttribute().toLowerCase(Locale.ROOT), element.getValueFilter(), value, actor);
    }

    private void attribute(EntityManager em, Group group, PatchOpType op, String name, Filter filter, JsonNode value, Actor actor) {
        switch (name) {
            case "id", "schemas", "meta" -> {
                if (op == PatchOpType.REMOVE || (name.equals("id") && !group.id().equals(value.asText()))) {
                    throw ScimProblem.badRequest("mutability", "'" + name + "' is read-only");
                }
            }
            case "displayname" -> {
                if (op == PatchOpType.REMOVE) {
                    throw ScimProblem.badRequest("mutability", "'displayName' is required and cannot be removed");
                }
                groups.rename(em, group, displayName(text(value, "displayName")), actor);
            }
            case "externalid" -> externalId(em, group, op == PatchOpType.REMOVE ? null
                    : Names.optional("externalId", text(value, "externalId"), 255), actor);
            case "members" -> members(em, group, op, filter, value, actor);
            default -> throw ScimProblem.invalidPath("Unknown attribute '" + name + "' for a Group");
        }
    }

    private void members(EntityManager em, Group group, PatchOpType op, Filter filter, JsonNode value, Actor actor) {
        if (filter != null) {
            if (op != PatchOpType.REMOVE) {
                throw ScimProblem.invalidPath("A members value filter is only supported with remove");
            }
            groups.removeMembers(em, group, idsIn(filter), actor);
            return;
        }
        switch (op) {
            case ADD -> groups.addMembers(em, group, GroupJson.memberIds(value), actor);
            case REPLACE -> groups.replaceMembers(em, group, GroupJson.memberIds(value), actor);
            // Entra removes with {"op":"Remove","path":"members","value":[{"value":id}]}; no value removes all
            case REMOVE -> groups.removeMembers(em, group, value == null || value.isNull() ? null : GroupJson.memberIds(value), actor);
        }
    }

    private void externalId(EntityManager em, Group group, String externalId, Actor actor) {
        if (!java.util.Objects.equals(externalId, group.externalId())) {
            group.externalId(externalId);
            groups.changed(em, group, actor);
        }
    }

    /** The ids a {@code members[value eq "a" or value eq "b"]} filter names. */
    private static List<String> idsIn(Filter filter) {
        List<String> ids = new ArrayList<>();
        if (filter.getFilterType() == FilterType.OR) {
            filter.getCombinedFilters().forEach(f -> ids.addAll(idsIn(f)));
            return ids;
        }
        if (filter.getFilterType() != FilterType.EQUAL || !filter.getAttributePath().toString().equalsIgnoreCase("value")
                || !filter.getComparisonValue().isTextual()) {
            throw ScimProblem.invalidFilter("Only members[value eq \"id\"] (optionally or-ed) is supported");
        }
        ids.add(filter.getComparisonValue().asText());
        return ids;
    }

    private static String text(JsonNode value, String attribute) {
        if (value == null || !value.isTextual()) {
            throw ScimProblem.invalidValue("'" + attribute + "' must be a string");
        }
        return value.asText();
    }

    private static String displayName(String displayName) {
        if (displayName == null || displayName.isBlank()) {
            throw ScimProblem.invalidValue("'displayName' is required");
        }
        return displayName;
    }
}
