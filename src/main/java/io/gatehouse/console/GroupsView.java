package io.gatehouse.console;

import io.gatehouse.group.Group;
import io.gatehouse.group.Groups;
import io.gatehouse.group.ManagedBy;
import io.gatehouse.role.Role;
import io.gatehouse.role.Roles;
import io.gatehouse.user.User;
import io.gatehouse.user.Users;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.primefaces.event.ReorderEvent;

/**
 * A project's groups in priority order: drag a row to change the order (the first group with a role
 * decides a user's role), choose each group's role, create project groups and add or remove their
 * members. Groups the IdP manages keep their name and members; only role and priority change here.
 */
@Named
@ViewScoped
public class GroupsView extends ProjectPage {
    private static final long serialVersionUID = 1L;

    @Inject
    Groups groups;
    @Inject
    Roles roles;
    @Inject
    Users users;

    private transient List<Groups.Summary> summaries;
    private transient List<Role> roleList;
    /** the role chosen in each row's menu, by group id */
    private final Map<String, String> chosenRoles = new HashMap<>();
    private String newName;
    private String newRoleId;
    /** The group whose members dialog is open: its id is kept, the group read again with the list. */
    private String membersOfId;
    private transient Group membersOf;
    /** Holds the rows of the members page shown: made again after the view comes back from the shared session. */
    private transient MemberModel members;
    private String newMember;

    @Override
    protected void load() {
        summaries = new ArrayList<>(groups.list(getProjectId())); // PrimeFaces reorders it in place on a drop
        roleList = roles.list(getProjectId());
        chosenRoles.clear();
        summaries.forEach(s -> chosenRoles.put(s.group().id(), s.group().roleId()));
        membersOf = summaries.stream().map(Groups.Summary::group).filter(g -> g.id().equals(membersOfId)).findFirst().orElse(null);
    }

    /**
     * A row was dragged from one place to another. PrimeFaces has already moved it in the list the
     * table shows, so that list is the new order; the domain saves it.
     */
    public void reordered(ReorderEvent event) {
        if (event.getFromIndex() == event.getToIndex()) {
            return;
        }
        List<String> order = summaries.stream().map(s -> s.group().id()).toList();
        Groups.Summary moved = summaries.get(Math.min(Math.max(event.getToIndex(), 0), summaries.size() - 1));
        Messages.attempt(() -> groups.reorder(getProjectId(), order, actor()),
                "Priority saved: \"" + moved.group().displayName() + "\" is now number " + (order.indexOf(moved.group().id()) + 1) + ".");
        load();
    }

    public void roleChanged(String groupId) {
        String roleId = blankToNull(chosenRoles.get(groupId));
        Groups.Summary summary = summaries.stream().filter(s -> s.group().id().equals(groupId)).findFirst().orElse(null);
        if (summary == null) {
            return;
        }
        Messages.attempt(() -> groups.update(getProjectId(), groupId, new Groups.Change(null, true, roleId),
                summary.group().version(), actor()), "Role of \"" + summary.group().displayName() + "\" saved.");
        load();
    }

    public void create() {
        if (Messages.attempt(() -> groups.create(getProjectId(), newName, blankToNull(newRoleId), actor()),
                "Group \"" + newName + "\" created at the end of the priority list.") != null) {
            newName = null;
            newRoleId = null;
        }
        load();
    }

    public void delete(String groupId) {
        Messages.attempt(() -> groups.delete(getProjectId(), groupId, actor()), "Group deleted; its users stay.");
        load();
    }

    /** Opens the members dialog of a group. */
    public void showMembers(String groupId) {
        membersOf = summaries.stream().filter(s -> s.group().id().equals(groupId)).findFirst().map(s -> s.group()).orElse(null);
        membersOfId = membersOf == null ? null : membersOf.id();
        if (jakarta.faces.context.FacesContext.getCurrentInstance().getViewRoot()
                .findComponent("membersForm:members") instanceof org.primefaces.component.datatable.DataTable table) {
            table.setFirst(0);
        }
    }

    /** Adds the user named in the members dialog to its (project-managed) group. */
    public void addMember() {
        String userName = blankToNull(newMember);
        List<Users.Listed> found = userName == null ? List.of()
                : users.list(getProjectId(), new Users.Query(userName, null, 0, 1)).items();
        if (found.isEmpty()) {
            Messages.error(userName == null ? "Enter the user name of the user to add." : "There is no user \"" + userName + "\" in this project.");
            return;
        }
        User user = found.get(0).user();
        if (Messages.attempt(() -> groups.addMember(getProjectId(), membersOf.id(), user.id(), actor()),
                user.userName() + " added to \"" + membersOf.displayName() + "\".")) {
            newMember = null;
        }
        load();
    }

    public void removeMember(User user) {
        Messages.attempt(() -> groups.removeMember(getProjectId(), membersOf.id(), user.id(), actor()),
                user.userName() + " removed from \"" + membersOf.displayName() + "\".");
        load();
    }

    /** A group's members, a page at a time (a group may have a million). */
    final class MemberModel extends org.primefaces.model.LazyDataModel<io.gatehouse.user.User> {
        private static final long serialVersionUID = 1L;

        @Override
        public int count(Map<String, org.primefaces.model.FilterMeta> filterBy) {
            return membersOf == null ? 0 : (int) Math.min(Integer.MAX_VALUE, groups.members(getProjectId(), membersOf.id(), 0, 1).total());
        }

        @Override
        public List<io.gatehouse.user.User> load(int first, int pageSize, Map<String, org.primefaces.model.SortMeta> sortBy,
                                                 Map<String, org.primefaces.model.FilterMeta> filterBy) {
            return membersOf == null ? List.of() : groups.members(getProjectId(), membersOf.id(), first, pageSize).items();
        }

        @Override
        public String getRowKey(io.gatehouse.user.User user) {
            return user.id();
        }

        @Override
        public io.gatehouse.user.User getRowData(String rowKey) {
            return null;
        }
    }

    public Group getMembersOf() { return membersOf; }
    public MemberModel getMembers() {
        if (members == null) {
            members = new MemberModel();
        }
        return members;
    }

    public String roleName(String roleId) {
        return roleList.stream().filter(r -> r.id().equals(roleId)).map(Role::name).findFirst().orElse(null);
    }

    /** Members are changed here only in the project's own groups (the IdP owns its groups' members). */
    public boolean isMembersEditable() {
        return membersOf != null && !idpManaged(membersOf);
    }

    public boolean idpManaged(Group group) {
        return group.managedBy() == ManagedBy.IDP;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    public List<Groups.Summary> getGroups() { return summaries; }
    public List<Role> getRoles() { return roleList; }
    public Map<String, String> getChosenRoles() { return chosenRoles; }
    public String getNewName() { return newName; }
    public void setNewName(String newName) { this.newName = newName; }
    public String getNewRoleId() { return newRoleId; }
    public String getNewMember() { return newMember; }
    public void setNewMember(String newMember) { this.newMember = newMember; }
    public void setNewRoleId(String newRoleId) { this.newRoleId = newRoleId; }
}
