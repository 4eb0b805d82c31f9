package io.gatehouse.console;

import io.gatehouse.audit.Actor;
import io.gatehouse.platform.BaseUrl;
import io.gatehouse.platform.DomainException;
import io.gatehouse.project.Project;
import io.gatehouse.project.Projects;
import jakarta.annotation.PostConstruct;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A console page about one project, opened as {@code …/console/project/<page>.xhtml?p=<projectId>}.
 * The view bean keeps the project id for the postbacks of its view; an unknown id, or a project the
 * signed-in admin may not open (an SSO admin of another project), goes back to the project list.
 */
public abstract class ProjectPage extends ConsolePage {
    private static final long serialVersionUID = 1L;

    @Inject
    Projects projects;
    @Inject
    ConsoleSession session;

    private String projectId;
    private String projectName;

    @PostConstruct
    void open() {
        ExternalContext external = FacesContext.getCurrentInstance().getExternalContext();
        String id = external.getRequestParameterMap().get("p");
        try {
            if (!session.mayOpen(id)) {
                throw DomainException.notFound("Project");
            }
            Project project = projects.get(id);
            projectId = project.id();
            projectName = project.name();
        } catch (DomainException notFound) {
            try {
                external.redirect(external.getRequestContextPath() + "/console/index.xhtml");
                FacesContext.getCurrentInstance().responseComplete();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        load();
    }

    protected Actor actor() {
        return session.actor();
    }

    protected static String baseUrl() {
        return BaseUrl.of((HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest());
    }

    public String getProjectId() {
        return projectId;
    }

    public String getProjectName() {
        return projectName;
    }
}
