package io.gatehouse.platform;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The few plain HTML pages served outside the console (sign-in results, the member area, the
 * mock IdP): one look, every value escaped, never cached.
 */
public final class HtmlPage {
    private static final String STYLE = "body{font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;background:#f4f6fa;"
            + "color:#1c2433;display:flex;min-height:100vh;align-items:center;justify-content:center;margin:0}"
            + ".card{background:#fff;border:1px solid #dfe3ec;border-radius:12px;padding:32px;max-width:480px;width:100%;"
            + "box-shadow:0 8px 30px rgba(28,36,51,.08);margin:16px;box-sizing:border-box}"
            + ".brand{font-weight:650;font-size:18px;margin-bottom:16px}.brand span{color:#2f5bea}"
            + "h1{font-size:22px;margin:0 0 8px}.muted{color:#5b6476}.error h1{color:#b42318}"
            + "label{display:block;font-size:13px;color:#5b6476;margin:12px 0 4px}"
            + "input[type=text],input[type=email],input[type=password]{width:100%;box-sizing:border-box;padding:9px 10px;"
            + "border:1px solid #c9cfdb;border-radius:6px;font:inherit}"
            + "button,.button{display:inline-block;margin-top:18px;background:#2f5bea;color:#fff;border:0;border-radius:6px;"
            + "padding:9px 16px;font:inherit;cursor:pointer;text-decoration:none}"
            + "button.secondary{background:#fff;color:#1c2433;border:1px solid #c9cfdb}"
            + "dl{display:grid;grid-template-columns:max-content 1fr;gap:6px 16px;margin:16px 0}dt{color:#5b6476}dd{margin:0}"
            + "code{font-family:ui-monospace,Menlo,monospace;font-size:13px;word-break:break-all}";

    private HtmlPage() {
    }

    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Sends a page; {@code body} is trusted HTML the caller built with {@link #escape}. */
    public static void send(HttpServletResponse response, int status, String title, String body, boolean error)
            throws IOException {
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"UTF-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + escape(title)
                + " · Gatehouse</title><style>" + STYLE + "</style></head><body><main class=\"card" + (error ? " error" : "")
                + "\"><div class=\"brand\"><span>◆</span> Gatehouse</div>" + body + "</main></body></html>");
    }

    /** A page that posts a form at once (the SAML HTTP-POST binding), with a button if scripts are off. */
    public static String autoPost(String action, String... namesAndValues) {
        StringBuilder form = new StringBuilder("<form id=\"post\" method=\"post\" action=\"" + escape(action) + "\">");
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                form.append("<input type=\"hidden\" name=\"").append(escape(namesAndValues[i])).append("\" value=\"")
                        .append(escape(namesAndValues[i + 1])).append("\">");
            }
        }
        return form.append("<p class=\"muted\">Signing you in…</p><noscript><button>Continue</button></noscript></form>")
                .append("<script>document.getElementById('post').submit()</script>").toString();
    }
}
