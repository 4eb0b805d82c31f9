package io.gatehouse.console;

import io.gatehouse.project.Project;
import io.gatehouse.project.Projects;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/** The console's project list. */
@Named
@RequestScoped
public class ProjectsView {
    @Inject
    Projects projects;

    private List<Project> loaded;

    public List<Project> getProjects() {
        if (loaded == null) {
            loaded = projects.list();
        }
        return loaded;
    }
}
