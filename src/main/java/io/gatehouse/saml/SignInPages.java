package io.gatehouse.saml;

import io.gatehouse.member.SignInFailure;
import io.gatehouse.platform.HtmlPage;
import io.gatehouse.project.Project;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;

/** The page a refused sign-in shows: what went wrong, in words, and where to go next. No secrets, no stack trace. */
public final class SignInPages {
    private SignInPages() {
    }

    public static void refused(HttpServletResponse response, SignInFailure.Reason reason, Project project, String baseUrl)
            throws IOException {
        String retry = baseUrl + "/sso/" + project.id() + "/saml/init";
        HtmlPage.send(response, reason.status(), reason.title(),
                "<h1>" + HtmlPage.escape(reason.title()) + "</h1>"
                        + "<p>" + HtmlPage.escape(reason.explanation()) + "</p>"
                        + "<dl><dt>Project</dt><dd>" + HtmlPage.escape(project.name()) + "</dd>"
                        + "<dt>Reason code</dt><dd><code>" + reason.name() + "</code></dd>"
                        + "<dt>Time</dt><dd>" + Instant.now() + "</dd></dl>"
                        + "<p class=\"muted\">Your administrator sees this attempt in the project's audit log.</p>"
                        + (reason == SignInFailure.Reason.NOT_CONFIGURED ? ""
                        : "<a class=\"button\" href=\"" + HtmlPage.escape(retry) + "\">Sign in again</a>"), true);
    }
}
