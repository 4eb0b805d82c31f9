package io.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.it.saml.IdpKeys;
import io.gatehouse.saml.SpKeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The sign-in trace in the console: from the live status's "last failed sign-in" to the refused
 * attempt, its checks with pass/fail marks and the message as it arrived; the list from the nav;
 * and the IdP certificate expiry warning on the overview and a guide.
 */
class ConsoleUiSignInTraceIT extends ConsoleUiTest {
    @Test
    void theLastFailedSignInOpensItsTraceWithTheChecksAndTheMessage() {
        Saml saml = Saml.project(api, true);
        assertEquals(302, saml.post(new Browser(), saml.response(Saml.person("jane@example.com"))).status());
        var options = saml.options();
        options.audience = "https://another-sp.test/entity";
        assertEquals(403, saml.post(new Browser(), saml.idp.responseXml(Saml.person("jane@example.com"), options)).status());

        page("overview", saml.projectId);
        WebElement link = browser.waitFor(By.id("status-failure-trace"));
        assertEquals("See what the identity provider sent and why it was refused", link.getText());
        link.click();
        browser.waitFor(By.id("attempt"));
        assertTrue(browser.url().contains("/console/project/sign-ins.xhtml"), browser.url());
        assertEquals("AUDIENCE", browser.driver.findElement(By.id("attempt-reason")).getText());
        assertTrue(browser.driver.findElement(By.id("attempt-outcome")).getText().contains("meant for another application"));
        List<WebElement> checks = browser.driver.findElements(By.cssSelector("#checks li"));
        WebElement failed = checks.get(checks.size() - 1);
        assertTrue(failed.getAttribute("class").contains("gh-check-bad"), failed.getAttribute("class"));
        assertTrue(failed.getText().contains("Audience") && failed.getText().contains("✗") && failed.getText().contains("failed"),
                failed.getText());
        assertTrue(failed.getText().contains("https://another-sp.test/entity") && failed.getText().contains(saml.entityId),
                failed.getText());
        assertTrue(checks.get(0).getText().contains("Response shape") && checks.get(0).getText().contains("✓"), checks.get(0).getText());
        String message = browser.driver.findElement(By.id("message")).getText();
        assertTrue(message.contains("Response") && message.contains("…"), message);
        browser.screenshot("70-sign-in-trace-refused");

        browser.driver.findElement(By.id("close-attempt")).click();
        browser.waitFor(By.id("attempts"));
        List<WebElement> rows = browser.driver.findElements(By.cssSelector("#attempts tbody tr"));
        assertEquals(2, rows.size());
        assertTrue(rows.get(0).getText().contains("Refused") && rows.get(1).getText().contains("Signed in"), rows.get(0).getText());
        rows.get(1).findElement(By.cssSelector("a.gh-attempt-link")).click();
        browser.waitFor(By.id("attempt"));
        List<WebElement> passed = browser.driver.findElements(By.cssSelector("#checks li"));
        assertTrue(passed.stream().allMatch(li -> li.getAttribute("class").contains("gh-check-ok")), "a success passed every check");
        assertTrue(browser.source().contains("Created the user"), "the user created");
        browser.screenshot("71-sign-in-trace-success");
    }

    @Test
    void theNavOpensTheListAndAnExpiringCertificateIsWarnedOfOnTheOverviewAndTheGuides() {
        SpKeyPair keys = IdpKeys.expiring("Soon Expiring IdP", Instant.now().plus(Duration.ofDays(10)));
        Saml saml = Saml.project(api, Fixtures.project(api), IdpKeys.idp(keys), true);

        page("overview", saml.projectId);
        String warning = browser.waitFor(By.id("status-idp-expiry")).getText();
        assertTrue(warning.contains("CN=Soon Expiring IdP") && warning.contains("expires"), warning);
        browser.screenshot("72-idp-certificate-expiring");
        page("guide-okta", saml.projectId);
        assertTrue(browser.waitFor(By.id("status-idp-expiry")).getText().contains("CN=Soon Expiring IdP"));

        browser.driver.findElement(By.id("nav-sign-ins")).click();
        browser.waitFor(By.id("no-attempts"));
        assertTrue(browser.url().contains("/console/project/sign-ins.xhtml?p=" + saml.projectId), browser.url());
        assertFalse(browser.source().contains("id=\"attempt\""));
    }
}
