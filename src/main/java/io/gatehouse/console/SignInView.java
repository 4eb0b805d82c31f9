package io.gatehouse.console;

import io.gatehouse.admin.AdminAccounts;
import io.gatehouse.member.EndReason;
import io.gatehouse.member.MemberAreaServlet;
import io.gatehouse.member.MemberSession;
import io.gatehouse.member.MemberSessions;
import io.gatehouse.platform.BaseUrl;
import io.gatehouse.platform.DomainException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;

/** The console's sign-in and sign-out. */
@Named
@RequestScoped
public class SignInView {
    /** The sign-in page's query after an SSO admin signed out (it says so). */
    static final String SIGNED_OUT = "signedOut=true";

    @Inject
    AdminAccounts accounts;
    @Inject
    ConsoleSession session;
    @Inject
    MemberSessions memberSessions;

    private String username;
    private String password;

    public void signIn() throws IOException {
        FacesContext faces = FacesContext.getCurrentInstance();
        AdminAccounts.SignIn result;
        try {
            result = accounts.signIn(username, password);
        } catch (DomainException e) {
            faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, e.getMessage(), null));
            return;
        }
        switch (result.outcome()) {
            case SIGNED_IN -> {
                ExternalContext external = faces.getExternalContext();
                HttpServletRequest request = (HttpServletRequest) external.getRequest();
                request.changeSessionId(); // no session fixation
                session.signedIn(request.getSession(), result.account().username());
                external.redirect(external.getRequestContextPath() + "/console/index.xhtml");
            }
            case LOCKED -> faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR,
                    "This account is locked after repeated wrong passwords. Try again later.", null));
            default -> faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR,
                    "Wrong username or password.", null));
        }
    }

    /**
     * Signs out of the console. An SSO admin's session in their project ends too, and they leave the way
     * the member area's sign-out leaves: through Single Logout at the IdP for a SAML session, then back
     * to the console's sign-in page (the member area's signed-out page sends them on). A local admin
     * goes straight to the sign-in page.
     */
    public void signOut() throws IOException {
        ExternalContext external = FacesContext.getCurrentInstance().getExternalContext();
        HttpServletRequest request = (HttpServletRequest) external.getRequest();
        String project = session.getProjectId();
        Optional<MemberSession> ended = project == null ? Optional.empty()
                : memberSessions.signOut(request, (HttpServletResponse) external.getResponse(), project, EndReason.SIGN_OUT);
        external.invalidateSession(); // the console session ends here, before the browser leaves for the IdP
        if (project == null) {
            external.redirect(external.getRequestContextPath() + ConsoleGuard.LOGIN_PAGE);
            return;
        }
        // what the Single Logout needs is kept in a fresh HTTP session, which holds no console sign-in
        external.redirect(MemberAreaServlet.afterSignOut(request, project, ended,
                BaseUrl.of(request) + ConsoleGuard.LOGIN_PAGE + "?" + SIGNED_OUT));
    }

    public String getUsername() { return username; }
    public void setUsername(String username) { this.username = username; }
    public String getPassword() { return password; }
    public void setPassword(String password) { this.password = password; }
}
