package io.gatehouse.console;

import io.gatehouse.user.Users;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.Map;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;
import org.primefaces.model.SortOrder;

/**
 * A project's users: a lazy table that asks the database for one page at a time (count, then one
 * page with effective roles), searched by userName prefix and sorted on indexed columns only, so it
 * stays fast with a million users. The total is counted once per search and reused for 30 s while
 * the admin pages and sorts. Also "Sync with regular users" and adding a regular user.
 */
@Named
@ViewScoped
public class UsersView extends ProjectPage {
    private static final long serialVersionUID = 1L;

    @Inject
    Users users;

    /** how long the users table reuses a total while paging and sorting */
    static final long COUNT_REUSE_MILLIS = 30_000;

    private String search;
    /** Holds the rows of the page shown: made again after the view comes back from the shared session. */
    private transient UserModel model;
    private String newUserName;
    private String newGivenName;
    private String newFamilyName;
    private String newPassword;

    @Override
    protected void load() {
        // the table loads itself, page by page
    }

    /** A new search starts at the first page. */
    public void searched() {
        if (jakarta.faces.context.FacesContext.getCurrentInstance().getViewRoot()
                .findComponent("users:table") instanceof org.primefaces.component.datatable.DataTable table) {
            table.setFirst(0);
        }
    }

    /** "Sync with regular users": converts every regular user into an SSO user; says how many. */
    public void syncRegularUsers() {
        Integer converted = Messages.attempt(() -> users.syncRegularUsers(getProjectId(), actor()), null);
        if (converted != null) {
            getModel().recount();
            Messages.info(converted == 1 ? "1 regular user is now an SSO user."
                    : converted + " regular users are now SSO users.");
        }
    }

    public void addRegularUser() {
        Users.NewRegularUser input = new Users.NewRegularUser(newUserName, newGivenName, newFamilyName, newPassword);
        if (Messages.attempt(() -> users.createRegular(getProjectId(), input, actor()), "Regular user " + newUserName + " added.") != null) {
            newUserName = newGivenName = newFamilyName = newPassword = null;
            getModel().recount();
        }
    }

    final class UserModel extends LazyDataModel<Users.Listed> {
        private static final long serialVersionUID = 1L;

        /** the total for a search, reused while paging and sorting (counting a million rows costs ~0.4 s) */
        private String countedSearch;
        private long counted = -1;
        private long countedAt;

        @Override
        public int count(Map<String, FilterMeta> filterBy) {
            String search = searchOrNull();
            boolean fresh = counted >= 0 && java.util.Objects.equals(search, countedSearch)
                    && System.currentTimeMillis() - countedAt < COUNT_REUSE_MILLIS;
            if (!fresh) {
                counted = users.count(getProjectId(), search);
                countedSearch = search;
                countedAt = System.currentTimeMillis();
            }
            return (int) Math.min(Integer.MAX_VALUE, counted);
        }

        void recount() {
            counted = -1;
        }

        @Override
        public List<Users.Listed> load(int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
            Users.Sort sort = Users.Sort.USER_NAME;
            boolean descending = false;
            for (SortMeta meta : sortBy.values()) {
                if (meta.getOrder() == SortOrder.UNSORTED) {
                    continue;
                }
                sort = switch (meta.getField()) {
                    case "created" -> Users.Sort.CREATED;
                    case "modified" -> Users.Sort.LAST_MODIFIED;
                    default -> Users.Sort.USER_NAME;
                };
                descending = meta.getOrder() == SortOrder.DESCENDING;
                break;
            }
            return users.page(getProjectId(), searchOrNull(), sort, descending, first, pageSize);
        }

        @Override
        public String getRowKey(Users.Listed listed) {
            return listed.user().id();
        }

        @Override
        public Users.Listed getRowData(String rowKey) {
            return null; // no row selection
        }
    }

    private String searchOrNull() {
        return search == null || search.isBlank() ? null : search.strip();
    }

    public UserModel getModel() {
        if (model == null) {
            model = new UserModel();
        }
        return model;
    }
    public String getSearch() { return search; }
    public void setSearch(String search) { this.search = search; }
    public String getNewUserName() { return newUserName; }
    public void setNewUserName(String newUserName) { this.newUserName = newUserName; }
    public String getNewGivenName() { return newGivenName; }
    public void setNewGivenName(String newGivenName) { this.newGivenName = newGivenName; }
    public String getNewFamilyName() { return newFamilyName; }
    public void setNewFamilyName(String newFamilyName) { this.newFamilyName = newFamilyName; }
    public String getNewPassword() { return newPassword; }
    public void setNewPassword(String newPassword) { this.newPassword = newPassword; }
}
