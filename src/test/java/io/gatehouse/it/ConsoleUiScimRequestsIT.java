package io.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The SCIM request log in the console, in headless Chromium: reached from the live status's "last SCIM
 * request", it lists what the identity provider sent newest first, filters by outcome and user, and
 * opens one exchange with both bodies, the password masked. Screenshots 96-98.
 */
class ConsoleUiScimRequestsIT extends ConsoleUiTest {

    @Test
    void anAdminFindsWhatTheIdentityProviderSentAndWhatItWasAnswered() {
        Scim scim = Scim.forNewProject(base);
        ObjectNode jane = Scim.oktaUser("jane@example.com", "Jane", "Doe");
        jane.put("password", "Console-Secret-1");
        String id = scim.post("/Users", jane).id();
        assertEquals(409, scim.post("/Users", jane).status());
        scim.patch("/Users/" + id, Scim.patchOf(Scim.op("replace", "active", false)));
        scim.post("/Users", Scim.oktaUser("other@example.com", "Other", "One"));

        page("overview", scim.project);
        click(By.id("scim-requests-link"));
        browser.waitFor(By.id("requests:list"));
        assertTrue(browser.url().contains("scim-requests.xhtml"));
        assertEquals(List.of("201", "200", "409", "201"), statuses());
        browser.screenshot("96-scim-requests");

        choose("requests:outcome", "Failed (4xx, 5xx)");
        click(By.id("requests:apply"));
        assertEquals(List.of("409"), statuses());

        click(By.id("requests:clear"));
        browser.type(By.id("requests:user"), "jane@");
        click(By.id("requests:apply"));
        assertEquals(List.of("200", "409", "201"), statuses(), "jane's three requests, the PATCH found by her id");

        List<WebElement> opens = browser.driver.findElements(By.cssSelector("[id$=':open']"));
        opens.get(opens.size() - 1).click(); // the oldest: her creation
        browser.ajaxDone();
        String operation = browser.waitFor(By.id("requests:openedOperation")).getText();
        assertEquals("POST /Users", operation);
        assertEquals("201", browser.driver.findElement(By.id("requests:openedStatus")).getText());
        String sent = browser.driver.findElement(By.id("requestBody")).getText();
        String answered = browser.driver.findElement(By.id("responseBody")).getText();
        assertTrue(sent.contains("\"password\" : \"********\""), sent);
        assertFalse(browser.source().contains("Console-Secret-1"), "the password is nowhere on the page");
        assertTrue(answered.contains("\"id\" : \"" + id + "\""), answered);
        browser.screenshot("97-scim-request-opened");

        browser.viewport(ConsoleBrowser.PHONE);
        browser.screenshot("98-scim-requests-phone");
    }

    private List<String> statuses() {
        return browser.driver.findElements(By.cssSelector("[id='requests:list'] tbody .gh-badge")).stream()
                .map(WebElement::getText).toList();
    }

    /** Picks a choice of a PrimeFaces select menu. */
    private void choose(String menuId, String label) {
        browser.waitFor(By.id(menuId)).click();
        browser.waitFor(By.cssSelector("[id='" + menuId + "_panel'] li[data-label='" + label + "']")).click();
    }
}
