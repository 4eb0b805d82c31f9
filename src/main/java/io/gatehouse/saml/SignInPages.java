package io.gatehouse.saml;

import io.gatehouse.member.SignInFailure;
import io.gatehouse.platform.HtmlPage;
import io.gatehouse.project.Project;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.Set;

/** The page a refused sign-in shows: what went wrong, in words, and where to go next. No secrets, no stack trace. */
public final class SignInPages {
    /** Refusals whose detail names only what the IdP's public metadata says (which certificate expired when). */
    private static final Set<SignInFailure.Reason> PUBLIC_DETAIL = Set.of(SignInFailure.Reason.IDP_CERT_EXPIRED,
            SignInFailure.Reason.IDP_METADATA_EXPIRED);

    private SignInPages() {
    }

    public static void refused(HttpServletResponse response, SignInFailure failure, Project project, String baseUrl)
            throws IOException {
        SignInFailure.Reason reason = failure.reason();
        String retry = baseUrl + "/sso/" + project.id() + "/saml/init";
        HtmlPage.send(response, reason.status(), reason.title(),
                "<h1>" + HtmlPage.escape(reason.title()) + "</h1>"
                        + "<p>" + HtmlPage.escape(reason.explanation()) + "</p>"
                        + (PUBLIC_DETAIL.contains(reason) ? "<p>" + HtmlPage.escape(failure.detail()) + ".</p>" : "")
                        + "<dl><dt>Project</dt><dd>" + HtmlPage.escape(project.name()) + "</dd>"
                        + "<dt>Reason code</dt><dd><code>" + reason.name() + "</code></dd>"
                        + "<dt>Time</dt><dd>" + Instant.now() + "</dd></dl>"
                        + "<p class=\"muted\">Your administrator sees this attempt in the project's audit log.</p>"
                        + (reason == SignInFailure.Reason.NOT_CONFIGURED ? ""
                        : "<a class=\"button\" href=\"" + HtmlPage.escape(retry) + "\">Sign in again</a>"), true);
    }
}
