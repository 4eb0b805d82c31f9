package io.gatehouse.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.it.events.WebhookReceiver;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/**
 * An application's webhooks in the console, in headless Chromium, with a receiver in this JVM on
 * 127.0.0.1 ({@link WebhookReceiver}, which verifies every signature itself): a refused URL shows the
 * domain's reason; adding one shows its signing secret once; a test event's outcome is shown under it;
 * a directory change made through the API is delivered and the page's live status follows by itself
 * (no reload); a failing receiver shows as retrying with the HTTP status, in the live status and in the
 * delivery log; a failed attempt is redelivered; the secret is rotated (both signatures for a day) and
 * the webhook deleted after a confirmation; all of it audited as this admin. A subset of event types
 * is chosen and kept, and the section fits a phone. Screenshots 72-79.
 */
class ConsoleUiWebhooksIT extends ConsoleUiTest {
    private static final Duration ARRIVAL = Duration.ofSeconds(20);

    private static WebhookReceiver receiver;

    @BeforeAll
    static void startReceiver() throws IOException {
        receiver = WebhookReceiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        if (receiver != null) {
            receiver.close();
        }
    }

    private String application(String project, String name) {
        Api.Reply app = api.post("/api/v1/projects/" + project + "/applications", Api.object("name", name,
                "redirectUris", List.of("https://app.example.com/callback")));
        assertEquals(201, app.status(), app.text());
        return app.id();
    }

    private JsonNode webhooks(String project, String app) {
        Api.Reply reply = api.get("/api/v1/projects/" + project + "/applications/" + app + "/webhooks");
        assertEquals(200, reply.status(), reply.text());
        return reply.json();
    }

    private String text(String id) {
        return browser.driver.findElement(By.id(id)).getText();
    }

    private String live() {
        return browser.driver.findElement(By.cssSelector(".gh-webhook .gh-wh-live")).getText();
    }

    /** Waits, without reloading or clicking, until the page's poll shows this in the webhook's live status. */
    private void waitForLive(String expected) {
        browser.waiting().withMessage(() -> "live status shows \"" + expected + "\": " + live())
                .until(d -> live().contains(expected));
    }

    private void openAddDialog(String url) {
        click(By.cssSelector(".gh-app .gh-wh-add"));
        browser.type(By.id("webhookForm:url"), url);
    }

    private String dialogMessages() {
        browser.ajaxDone();
        return text("webhookForm:webhookMessages");
    }

    /** Adds the webhook in the open dialog and returns the secret the one-time dialog shows. */
    private String submitAndReadSecret() {
        click(By.id("webhookForm:webhookSubmit"));
        return browser.waitFor(By.id("issued-webhook-secret")).getText();
    }

    private void closeDialog(String widgetVar) {
        ((JavascriptExecutor) browser.driver).executeScript("PF('" + widgetVar + "').hide();");
        browser.ajaxDone();
    }

    private static long answered(List<WebhookReceiver.Received> received, int status) {
        return received.stream().filter(r -> r.answered() != null && r.answered() == status).count();
    }

    @Test
    void aWebhookIsAddedTestedDeliversRetriesAndIsRedeliveredRotatedAndDeleted() throws Exception {
        String project = Fixtures.project(api);
        String app = application(project, "Directory sync");
        page("applications", project);
        assertTrue(browser.waitFor(By.cssSelector(".gh-app .gh-wh-none")).getText().contains("No webhooks"));

        // a refused URL: the domain's reason in the dialog, which stays open; nothing added
        openAddDialog("ftp://x");
        click(By.id("webhookForm:webhookSubmit"));
        String shown = dialogMessages();
        assertTrue(shown.contains("url refused: not an http(s) URL"), shown);
        assertFalse(shown.contains("Exception") || browser.source().contains("at io.gatehouse."), "no stack trace");
        assertTrue(browser.driver.findElements(By.cssSelector(".ui-dialog[aria-hidden='false'] .ui-dialog-title")).stream()
                .noneMatch(t -> t.getText().contains("Something went wrong")), "a refusal, not an unexpected error");
        assertTrue(browser.driver.findElement(By.id("webhookForm:url")).isDisplayed(), "the dialog stays open to correct the URL");
        browser.screenshot("73-webhook-invalid-url");
        assertEquals(0, webhooks(project, app).size());

        // added: the signing secret shown once, never by the API nor the page again
        String name = Api.unique("console");
        browser.type(By.id("webhookForm:url"), receiver.url(name));
        String secret = submitAndReadSecret();
        assertTrue(secret.startsWith("whsec_"), secret);
        assertTrue(text("webhookIssuedForm").contains("Copy the signing secret now: it is shown only this once."),
                text("webhookIssuedForm"));
        assertEquals(receiver.url(name), text("issued-webhook-url"));
        browser.screenshot("74-webhook-secret-once");
        receiver.secret(name, secret);
        JsonNode listed = webhooks(project, app);
        assertEquals(1, listed.size(), listed.toString());
        assertEquals(receiver.url(name), listed.get(0).path("url").asText());
        assertEquals("[\"*\"]", listed.get(0).path("eventTypes").toString());
        assertFalse(listed.toString().contains(secret), "the API never shows the secret again");
        click(By.id("webhookIssuedForm:done"));
        assertFalse(browser.source().contains(secret), "closing the dialog forgets the secret");
        page("applications", project);
        assertFalse(browser.source().contains(secret), "the secret is never shown again");
        WebElement hook = browser.waitFor(By.cssSelector(".gh-app .gh-webhook"));
        for (String expected : List.of(receiver.url(name), "All events", "Active", "None yet", "Delivered up to sequence 0")) {
            assertTrue(hook.getText().contains(expected), expected + " in " + hook.getText());
        }

        // a test event: its outcome under the webhook, the receiver got it signed
        click(By.cssSelector(".gh-webhook .gh-wh-test-send"));
        String result = browser.waitFor(By.cssSelector(".gh-webhook .gh-wh-test")).getText();
        assertTrue(result.matches("Test event delivered: HTTP 200 in \\d+ ms\\."), result);
        List<WebhookReceiver.Received> got = receiver.await(name, r -> !r.isEmpty(), ARRIVAL);
        assertEquals("webhook.test", got.get(0).type());
        assertTrue(got.get(0).verified(), "signed with the secret shown");

        // a directory change through the API is delivered, and the page's poll shows it without a reload
        Fixtures.user(api, project, Api.unique("ada") + "@example.com");
        got = receiver.awaitAcknowledged(name, 2, ARRIVAL);
        assertEquals("user.created", got.get(1).type(), got.toString());
        long created = got.get(1).sequence();
        waitForLive("Delivered up to sequence " + created);
        assertTrue(live().contains("HTTP 200") && live().contains("0 events after the cursor"), live());
        browser.screenshot("75-webhook-delivered");

        click(By.cssSelector(".gh-webhook .gh-wh-log-open"));
        browser.waitForText(By.id("deliveries:log"), "user.created");
        String log = text("deliveries:log");
        for (String expected : List.of("webhook.test", "test", "delivery", "attempt 1", "HTTP 200", "ok")) {
            assertTrue(log.contains(expected), expected + " in " + log);
        }
        closeDialog("deliveriesDialog");

        // the receiver fails: the live status shows the retries with the status, later events wait
        receiver.answer(name, 500, 500, 500, 500);
        Fixtures.user(api, project, Api.unique("bob") + "@example.com");
        waitForLive("HTTP 500");
        String retrying = live();
        assertTrue(retrying.contains("Retrying") && retrying.contains("failed"), retrying);
        assertTrue(retrying.contains("Delivered up to sequence " + created), "the cursor waits at the failing event: " + retrying);
        assertTrue(browser.driver.findElement(By.cssSelector(".gh-webhook .gh-wh-retrying")).isDisplayed());
        browser.screenshot("76-webhook-retrying");

        // the delivery log has every failed attempt; one is redelivered once the receiver answers 200 again
        receiver.await(name, r -> answered(r, 500) >= 4, ARRIVAL);
        click(By.cssSelector(".gh-webhook .gh-wh-log-open"));
        browser.waitForText(By.id("deliveries:log"), "HTTP 500");
        log = text("deliveries:log");
        assertTrue(log.contains("user.created " + (created + 1)) && log.contains("not now"), log);
        browser.screenshot("77-webhook-delivery-log");
        List<WebElement> failedRows = browser.driver.findElements(By.cssSelector("[id='deliveries:log'] tbody tr")).stream()
                .filter(row -> row.getText().contains("HTTP 500")).toList();
        assertTrue(failedRows.size() >= 4, log);
        int before = receiver.received(name).size();
        failedRows.get(0).findElement(By.cssSelector(".gh-wh-redeliver")).click();
        browser.ajaxDone();
        String redelivered = text("deliveries:deliveriesMessages");
        assertTrue(redelivered.contains("Event " + (created + 1) + " (user.created) sent again: HTTP 200"), redelivered);
        browser.waitForText(By.id("deliveries:log"), "redelivery");
        List<WebhookReceiver.Received> after = receiver.received(name);
        assertTrue(after.size() > before);
        assertTrue(after.stream().skip(before).anyMatch(r -> r.type().equals("user.created") && r.sequence() == created + 1
                && r.acknowledged() && r.verified()), after.toString());
        closeDialog("deliveriesDialog");
        waitForLive("Delivered up to sequence " + (created + 1)); // the scheduled retry succeeds too, and the cursor moves

        // rotate: a new secret shown once; requests carry both signatures during the overlap
        click(By.cssSelector(".gh-webhook .gh-wh-rotate"));
        String rotated = browser.waitFor(By.id("issued-webhook-secret")).getText();
        assertTrue(rotated.startsWith("whsec_") && !rotated.equals(secret), rotated);
        assertTrue(text("webhookIssuedForm").contains("previous secret also signs until"), text("webhookIssuedForm"));
        browser.screenshot("78-webhook-secret-rotated");
        click(By.id("webhookIssuedForm:done"));
        assertFalse(browser.source().contains(rotated), "the rotated secret is forgotten too");
        assertTrue(browser.waitFor(By.cssSelector(".gh-webhook .gh-wh-live")).getText().contains("previous secret also signs"), live());
        receiver.secret(name, rotated);
        int sent = receiver.received(name).size();
        click(By.cssSelector(".gh-webhook .gh-wh-test-send"));
        assertTrue(browser.waitFor(By.cssSelector(".gh-webhook .gh-wh-test")).getText().contains("delivered"));
        WebhookReceiver.Received signedTwice = receiver.await(name, r -> r.size() > sent, ARRIVAL).get(sent);
        assertEquals(2, signedTwice.signatures(), signedTwice.signature());
        assertTrue(WebhookReceiver.signedWith(signedTwice, rotated) && WebhookReceiver.signedWith(signedTwice, secret));

        // delete, after a confirmation
        click(By.cssSelector(".gh-webhook .gh-wh-delete"));
        assertTrue(browser.waitFor(By.cssSelector(".ui-confirm-dialog[aria-hidden='false']")).getText().contains(receiver.url(name)));
        click(By.cssSelector(".ui-confirmdialog-yes"));
        assertTrue(browser.messages().contains("Webhook " + receiver.url(name) + " removed with its delivery log"), browser.messages());
        assertEquals(0, webhooks(project, app).size());
        assertTrue(browser.waitFor(By.cssSelector(".gh-app .gh-wh-none")).isDisplayed());

        String audit = api.get("/api/v1/projects/" + project + "/audit?limit=100").text();
        for (String action : List.of("webhook.create", "webhook.test", "webhook.redeliver", "webhook.secret-rotate", "webhook.delete")) {
            assertTrue(audit.contains("\"" + action + "\""), action + " audited: " + audit);
        }
        assertTrue(audit.contains("admin:admin"), audit);
        assertFalse(audit.contains(secret) || audit.contains(rotated), "no secret in the audit log");
    }

    @Test
    void chosenEventTypesAreKeptAndTheSectionFitsAPhone() {
        String project = Fixtures.project(api);
        String app = application(project, "Group mirror");
        page("applications", project);
        openAddDialog(receiver.url(Api.unique("types")));
        browser.driver.findElement(By.xpath("//*[@id='webhookForm:scope']//input[@value='false']/../following-sibling::div"
                + "[contains(@class,'ui-radiobutton-box')]")).click();
        browser.ajaxDone();

        // "only these" with none ticked: refused, saying what to do
        click(By.id("webhookForm:webhookSubmit"));
        assertTrue(dialogMessages().contains("Tick at least one event type, or choose all events"), dialogMessages());
        for (String type : List.of("group.created", "group.member_added", "user.role_changed")) {
            browser.waitFor(By.xpath("//*[@id='webhookForm:types']//input[@value='" + type + "']/../following-sibling::div"
                    + "[contains(@class,'ui-chkbox-box')]")).click();
        }
        browser.screenshot("72-webhook-add-types");
        String secret = submitAndReadSecret();
        assertTrue(secret.startsWith("whsec_"), secret);
        click(By.id("webhookIssuedForm:done"));

        JsonNode listed = webhooks(project, app);
        Set<String> types = StreamSupport.stream(listed.get(0).path("eventTypes").spliterator(), false)
                .map(JsonNode::asText).collect(Collectors.toSet());
        assertEquals(Set.of("group.created", "group.member_added", "user.role_changed"), types);
        String shownTypes = browser.waitFor(By.cssSelector(".gh-webhook .gh-wh-types")).getText();
        assertTrue(shownTypes.contains("group.created") && shownTypes.contains("user.role_changed")
                && !shownTypes.contains("All events"), shownTypes);

        browser.viewport(ConsoleBrowser.PHONE);
        page("applications", project);
        browser.waitFor(By.cssSelector(".gh-webhook"));
        long overflow = (Long) ((JavascriptExecutor) browser.driver).executeScript(
                "return document.documentElement.scrollWidth - window.innerWidth;");
        assertTrue(overflow <= 0, "the webhooks scroll sideways by " + overflow + " px at phone width: "
                + ((JavascriptExecutor) browser.driver).executeScript("return [...document.querySelectorAll('main *')]"
                + ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(-3)"
                + ".map(e => e.tagName + '.' + e.className).join(', ');"));
        browser.screenshot("79-webhooks-phone");
        assertNotEquals(0, browser.driver.findElements(By.cssSelector(".gh-webhook .gh-wh-rotate")).size());
    }

    @Test
    void theProjectsStatusNamesAWebhookThatIsRetrying() throws Exception {
        String project = Fixtures.project(api);
        String app = application(project, "Status app");
        String name = Api.unique("status");
        page("overview", project);
        assertTrue(text("status-webhooks").contains("None"), text("status-webhooks"));
        Api.Reply hook = api.post("/api/v1/projects/" + project + "/applications/" + app + "/webhooks",
                Api.object("url", receiver.url(name), "eventTypes", List.of("*")));
        assertEquals(201, hook.status(), hook.text());
        receiver.answer(name, 503, 503, 503, 503, 503, 503, 503, 503);
        Fixtures.user(api, project, Api.unique("carol") + "@example.com");
        receiver.await(name, r -> answered(r, 503) >= 2, ARRIVAL);
        page("overview", project);
        String status = text("status-webhooks");
        assertTrue(status.contains("Retrying") && status.contains("503") && status.contains(receiver.url(name))
                && status.contains("Status app"), status);
        browser.screenshot("80-overview-webhook-retrying");
    }
}
