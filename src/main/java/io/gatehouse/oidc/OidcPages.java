package io.gatehouse.oidc;

import io.gatehouse.platform.HtmlPage;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The readable pages of the provider, for when the answer cannot safely go back to the application. */
final class OidcPages {
    private OidcPages() {
    }

    static void problem(HttpServletResponse response, int status, String title, String explanation) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        HtmlPage.send(response, status, title, "<h1>" + HtmlPage.escape(title) + "</h1><p>" + HtmlPage.escape(explanation) + "</p>",
                true);
    }
}
