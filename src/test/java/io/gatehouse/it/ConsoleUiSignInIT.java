package io.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/** The console's sign-in in a real browser: a wrong password, the right one, sign-out, an expired session. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConsoleUiSignInIT {
    private static ConsoleBrowser browser;

    @ArquillianResource
    URL base;

    @BeforeEach
    void browser() {
        if (browser == null) {
            browser = new ConsoleBrowser(base);
        }
        browser.driver.manage().deleteAllCookies();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    @Test
    void aWrongPasswordIsRefusedTheRightOneSignsInAndSignOutEndsTheSession() {
        browser.open("console/index.xhtml");
        assertTrue(browser.url().contains("/console/login.xhtml"), "signed out, the console sends to the sign-in page: " + browser.url());
        browser.type(By.id("signIn:username"), "admin");
        browser.type(By.id("signIn:password"), "not the password");
        browser.driver.findElement(By.id("signIn:submit")).click();
        browser.waitForText(By.id("signIn:messages"), "Wrong username or password.");
        assertTrue(browser.url().contains("/console/login.xhtml"));
        browser.screenshot("01-sign-in-wrong-password");
        browser.open("console/index.xhtml");
        assertTrue(browser.url().contains("/console/login.xhtml"), "still signed out");

        browser.signIn();
        assertTrue(browser.url().contains("/console/index.xhtml"), browser.url());
        browser.waitForText(By.cssSelector("h1.gh-title"), "Projects");
        assertTrue(browser.source().contains("admin"), "the signed-in admin is shown");
        assertFalse(browser.source().contains(System.getProperty("it.admin.password")));

        browser.driver.findElement(By.id("signOutForm:signOut")).click();
        browser.waitFor(By.id("signIn:username"));
        browser.open("console/index.xhtml");
        assertTrue(browser.url().contains("/console/login.xhtml"), "signed out again: " + browser.url());
    }

    @Test
    void anAjaxActionAfterTheSessionEndedLeadsToTheSignInPage() {
        browser.signIn();
        browser.type(By.id("create:name"), Api.unique("Timeout"));
        browser.driver.manage().deleteCookieNamed("gh_session"); // as if the session had timed out
        browser.open("console/index.xhtml");
        assertTrue(browser.url().contains("/console/login.xhtml"), browser.url());
        browser.signIn();
        // an Ajax postback of a view whose session is gone: the guard answers with a Faces redirect
        browser.open("console/index.xhtml");
        browser.driver.manage().deleteCookieNamed("gh_session");
        ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeScript(
                "PrimeFaces.ab({s:'create:submit', f:'create', p:'create:submit'});");
        browser.waitFor(By.id("signIn:username"));
        assertTrue(browser.url().contains("expired=true"), browser.url());
        assertTrue(browser.source().contains("Your session timed out"));
        browser.screenshot("02-sign-in-session-expired");
    }

    /** Signs in as a local admin and waits for the console (the project list). */
    private static void signInAs(ConsoleBrowser in, String username, String password) {
        in.open("console/login.xhtml");
        in.type(By.id("signIn:username"), username);
        in.type(By.id("signIn:password"), password);
        in.driver.findElement(By.id("signIn:submit")).click();
        in.waitFor(By.cssSelector("h1.gh-title"));
    }

    private static void press(ConsoleBrowser in, By button) {
        in.waitFor(button).click();
        in.ajaxDone();
    }

    @Test
    void localAdministratorsAreAddedChangeTheirPasswordAndLoseAccessWhenRemoved() {
        String ops = Api.unique("ops").toLowerCase();
        browser.signIn();
        browser.open("console/admins.xhtml");
        browser.type(By.id("create:username"), ops);
        browser.type(By.id("create:password"), "short");
        press(browser, By.id("create:submit"));
        browser.waitForText(By.id("messages"), "password must be 10 to 256 characters");
        browser.type(By.id("create:username"), ops);
        browser.type(By.id("create:password"), "first password 1");
        press(browser, By.id("create:submit"));
        browser.waitForText(By.id("messages"), "Administrator \"" + ops + "\" added.");
        browser.waitForText(By.id("admins:table"), ops);
        browser.type(By.id("create:username"), ops.toUpperCase());
        browser.type(By.id("create:password"), "another password 2");
        press(browser, By.id("create:submit"));
        browser.waitForText(By.id("messages"), "already exists");
        browser.waitForText(By.id("events"), "Created console admin \"" + ops + "\"");
        browser.screenshot("03-administrators");
        assertTrue(browser.driver.findElements(By.xpath("//tr[.//span[text()='admin']]//button[contains(@id,'remove')]")).isEmpty(),
                "nobody is offered to remove themselves");
        browser.driver.findElement(By.id("signOutForm:signOut")).click();
        browser.waitFor(By.id("signIn:username"));

        signInAs(browser, ops, "first password 1");
        browser.open("console/admins.xhtml");
        browser.type(By.id("password:current"), "not my password");
        browser.type(By.id("password:changed"), "second password 2");
        browser.type(By.id("password:repeated"), "second password 2");
        press(browser, By.id("password:submit"));
        browser.waitForText(By.id("messages"), "The current password is wrong");
        browser.type(By.id("password:current"), "first password 1");
        browser.type(By.id("password:changed"), "second password 2");
        browser.type(By.id("password:repeated"), "second password 3");
        press(browser, By.id("password:submit"));
        browser.waitForText(By.id("messages"), "differ");
        browser.type(By.id("password:current"), "first password 1");
        browser.type(By.id("password:changed"), "second password 2");
        browser.type(By.id("password:repeated"), "second password 2");
        press(browser, By.id("password:submit"));
        browser.waitForText(By.id("messages"), "Password changed.");
        browser.driver.findElement(By.id("signOutForm:signOut")).click();
        browser.type(By.id("signIn:username"), ops);
        browser.type(By.id("signIn:password"), "first password 1");
        browser.driver.findElement(By.id("signIn:submit")).click();
        browser.waitForText(By.id("signIn:messages"), "Wrong username or password.");
        signInAs(browser, ops, "second password 2");

        // another admin, in another browser, removes this account: its session ends at the next click
        try (ConsoleBrowser other = new ConsoleBrowser(base)) {
            other.signIn();
            other.open("console/admins.xhtml");
            press(other, By.xpath("//tr[.//span[text()='" + ops + "']]//button[contains(@id,'remove')]"));
            press(other, By.cssSelector(".ui-confirmdialog-yes"));
            other.waitForText(By.id("messages"), "Administrator \"" + ops + "\" removed");
            assertFalse(other.source().contains(">" + ops + "<"), "gone from the list");
        }
        browser.open("console/index.xhtml");
        browser.waitFor(By.id("signIn:ended"));
        assertTrue(browser.url().contains("/console/login.xhtml?ended=true"), browser.url());
        browser.type(By.id("signIn:username"), ops);
        browser.type(By.id("signIn:password"), "second password 2");
        browser.driver.findElement(By.id("signIn:submit")).click();
        browser.waitForText(By.id("signIn:messages"), "Wrong username or password.");
    }
}
