package io.gatehouse.console;

import io.gatehouse.oidc.Application;
import io.gatehouse.oidc.Applications;
import io.gatehouse.oidc.Issuer;
import io.gatehouse.role.Role;
import io.gatehouse.role.Roles;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/**
 * "Connect your application": the configuration for Jakarta Security, Spring Security and pac4j
 * with this project's issuer, the chosen application's client id ({@code ?a=<applicationId>}, else
 * the first one) and the project's role names.
 */
@Named
@ViewScoped
public class GuideAppView extends ProjectPage {
    private static final long serialVersionUID = 1L;

    @Inject
    Applications applications;
    @Inject
    Roles roles;

    private transient List<Application> appList;
    private transient List<String> roleNames;
    private String applicationId;

    @Override
    protected void load() {
        appList = applications.list(getProjectId());
        roleNames = roles.list(getProjectId()).stream().map(Role::name).toList();
        if (applicationId == null) {
            applicationId = FacesContext.getCurrentInstance().getExternalContext().getRequestParameterMap().get("a");
        }
        if (selected() == null) {
            applicationId = appList.isEmpty() ? null : appList.get(0).id();
        }
    }

    /** The application chosen in the menu changed. */
    public void chosen() {
        load();
    }

    private Application selected() {
        return appList.stream().filter(a -> a.id().equals(applicationId)).findFirst().orElse(null);
    }

    public ConnectSnippets getSnippets() {
        Application app = selected();
        return new ConnectSnippets(getIssuer(), app == null ? ConnectSnippets.CLIENT_ID_PLACEHOLDER : app.clientId(),
                app != null && app.publicClient(), roleNames);
    }

    public Application getApplication() { return selected(); }
    public List<Application> getApplications() { return appList; }
    public String getIssuer() { return Issuer.of(baseUrl(), getProjectId()); }
    public String getApplicationId() { return applicationId; }
    public void setApplicationId(String applicationId) { this.applicationId = applicationId; }
}
