package io.gatehouse.console;

import io.gatehouse.member.SignInFailure;
import io.gatehouse.platform.DomainException;
import io.gatehouse.saml.SignInAttempts;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/**
 * The project's sign-in trace: the recent SAML responses received, and one of them opened
 * ({@code ?a=<attempt id>}) with its checks and the message as the IdP sent it.
 */
@Named
@ViewScoped
public class SignInAttemptsView extends ProjectPage {
    private static final long serialVersionUID = 1L;
    static final int SHOWN = 100;

    @Inject
    SignInAttempts attempts;

    private transient List<SignInAttempts.View> recent;
    private transient SignInAttempts.View selected;
    private boolean selectedMissing;

    @Override
    protected void load() {
        recent = attempts.recent(getProjectId(), SHOWN);
        String id = FacesContext.getCurrentInstance().getExternalContext().getRequestParameterMap().get("a");
        selected = null;
        selectedMissing = false;
        if (id != null && !id.isBlank()) {
            try {
                selected = attempts.get(getProjectId(), id);
            } catch (DomainException notFound) {
                selectedMissing = true; // purged (7 days), or another project's
            }
        }
    }

    /** The refusal's title ("The sign-in response is meant for another application"), or "Signed in". */
    public String outcomeText(SignInAttempts.View attempt) {
        if (attempt.reason() == null) {
            return "Signed in";
        }
        try {
            return SignInFailure.Reason.valueOf(attempt.reason()).title();
        } catch (IllegalArgumentException unknown) {
            return attempt.reason();
        }
    }

    public List<SignInAttempts.View> getRecent() { return recent; }
    public SignInAttempts.View getSelected() { return selected; }
    public boolean isSelectedMissing() { return selectedMissing; }
}
