package io.gatehouse.console;

import io.gatehouse.project.Project;
import io.gatehouse.project.Projects;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/** The console's project list, and creating a project. */
@Named
@RequestScoped
public class ProjectsView {
    @Inject
    Projects projects;
    @Inject
    ConsoleSession session;

    private List<Project> loaded;
    private String newName;

    public List<Project> getProjects() {
        if (loaded == null) {
            loaded = projects.list();
        }
        return loaded;
    }

    /** Creates the project and opens it (local accounts only: an SSO admin administers their own project). */
    public String create() {
        if (!session.isAllProjects()) {
            Messages.error("Only Gatehouse administrators with a local account create projects.");
            return null;
        }
        Project created = Messages.attempt(() -> projects.create(newName, session.actor()), null);
        if (created == null) {
            return null;
        }
        return "/console/project/overview.xhtml?faces-redirect=true&p=" + created.id();
    }

    public String getNewName() { return newName; }
    public void setNewName(String newName) { this.newName = newName; }
}
