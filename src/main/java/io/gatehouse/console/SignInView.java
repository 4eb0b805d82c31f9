package io.gatehouse.console;

import io.gatehouse.admin.AdminAccounts;
import io.gatehouse.member.MemberSessions;
import io.gatehouse.platform.DomainException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;

/** The console's sign-in and sign-out. */
@Named
@RequestScoped
public class SignInView {
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

    /** Signs out of the console; an SSO admin's session in their project ends too (no Single Logout at the IdP). */
    public void signOut() throws IOException {
        ExternalContext external = FacesContext.getCurrentInstance().getExternalContext();
        if (session.getProjectId() != null) {
            memberSessions.signOut((HttpServletRequest) external.getRequest(),
                    (jakarta.servlet.http.HttpServletResponse) external.getResponse(), session.getProjectId(),
                    io.gatehouse.member.EndReason.SIGN_OUT);
        }
        external.invalidateSession();
        external.redirect(external.getRequestContextPath() + ConsoleGuard.LOGIN_PAGE);
    }

    public String getUsername() { return username; }
    public void setUsername(String username) { this.username = username; }
    public String getPassword() { return password; }
    public void setPassword(String password) { this.password = password; }
}
