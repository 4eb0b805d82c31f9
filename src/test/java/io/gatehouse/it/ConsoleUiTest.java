package io.gatehouse.it;

import java.net.URL;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * The shared set-up of the console's browser tests that work signed in: one headless Chromium per
 * test class, signed in as the bootstrap admin once, at desktop size before each test.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
public abstract class ConsoleUiTest {
    protected static ConsoleBrowser browser;

    @ArquillianResource
    protected URL base;

    protected Api api;

    @BeforeEach
    void signedIn() {
        api = Api.admin(base);
        if (browser == null) {
            browser = new ConsoleBrowser(base);
            browser.signIn();
        }
        browser.viewport(ConsoleBrowser.DESKTOP);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    protected void page(String page, String project) {
        browser.open("console/project/" + page + ".xhtml?p=" + project);
        browser.waitFor(By.cssSelector("h1.gh-title"));
    }

    protected void click(By by) {
        browser.waitFor(by).click();
        browser.ajaxDone();
    }
}
