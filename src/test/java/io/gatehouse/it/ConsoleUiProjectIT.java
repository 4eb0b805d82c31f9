package io.gatehouse.it;

import static io.gatehouse.it.Api.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The console's journeys in headless Chromium against the deployed WAR: projects and roles, a SCIM
 * token seen once, the IdP metadata URL, group priority by drag and drop changing a user's role,
 * "sync with regular users", the audit log showing a SCIM change, the users table. Screenshots of
 * every main page go to target/screenshots.
 */
class ConsoleUiProjectIT extends ConsoleUiTest {
    @Test
    void createsAProjectAndItsRoles() {
        String name = Api.unique("Acme <b>Corp</b>");
        browser.open("console/index.xhtml");
        browser.type(By.id("create:name"), name);
        browser.driver.findElement(By.id("create:submit")).click();
        browser.waitFor(By.id("status"));
        assertTrue(browser.url().contains("/console/project/overview.xhtml?p="), browser.url());
        String project = browser.url().replaceAll(".*[?&]p=([^&]+).*", "$1");
        assertEquals(name, browser.driver.findElement(By.cssSelector("h1.gh-title")).getText(), "the name is shown as text, escaped");
        assertFalse(browser.source().contains("<b>Corp</b>"), "markup in a name is never rendered as markup");
        assertEquals(name, api.get("/api/v1/projects/" + project).json().path("name").asText());
        browser.screenshot("10-project-overview");

        page("roles", project);
        browser.type(By.id("roles:newName"), "Editor");
        click(By.id("roles:create"));
        assertTrue(browser.messages().contains("Role \"Editor\" created."), browser.messages());
        browser.type(By.id("roles:newName"), "Owner");
        browser.driver.findElement(By.cssSelector("#roles\\:newAdmin .ui-toggleswitch-slider")).click();
        click(By.id("roles:create"));
        browser.type(By.id("roles:newName"), "Editor");
        click(By.id("roles:create"));
        assertTrue(browser.messages().contains("already exists"), "a duplicate is refused with the domain's reason: " + browser.messages());

        List<String> roles = api.get("/api/v1/projects/" + project + "/roles").json().findValuesAsText("name");
        assertEquals(List.of("Editor", "Member", "Owner"), roles.stream().sorted().toList());
        assertTrue(api.get("/api/v1/projects/" + project + "/roles").json().toString().contains("\"name\":\"Owner\",\"admin\":true"),
                "the admin flag was saved");

        // make Editor the default role, then try to delete it: refused with the reason
        WebElement editorRow = row("roles:table", "Editor");
        editorRow.findElement(By.cssSelector(".gh-make-default")).click();
        browser.ajaxDone();
        assertTrue(browser.messages().contains("\"Editor\" is now the default role"), browser.messages());
        row("roles:table", "Editor").findElement(By.cssSelector(".gh-delete")).click();
        click(By.cssSelector(".ui-confirmdialog-yes"));
        assertTrue(browser.messages().contains("is the project's default role"), browser.messages());
        // rename Member, then delete it (not in use any more)
        WebElement member = row("roles:table", "Member").findElement(By.cssSelector("input.gh-role-name"));
        member.clear();
        member.sendKeys("Viewer");
        row("roles:table", "Viewer").findElement(By.cssSelector(".gh-save")).click();
        browser.ajaxDone();
        assertTrue(browser.messages().contains("Role \"Viewer\" saved."), browser.messages());
        browser.screenshot("11-roles");
        row("roles:table", "Viewer").findElement(By.cssSelector(".gh-delete")).click();
        click(By.cssSelector(".ui-confirmdialog-yes"));
        assertTrue(browser.messages().contains("Role \"Viewer\" deleted."), browser.messages());
        assertEquals(List.of("Editor", "Owner"), api.get("/api/v1/projects/" + project + "/roles").json()
                .findValuesAsText("name").stream().sorted().toList());
    }

    /** The table row whose input or text shows this value. */
    private WebElement row(String tableId, String value) {
        for (WebElement row : browser.driver.findElements(By.cssSelector("#" + tableId.replace(":", "\\:") + " tbody tr"))) {
            for (WebElement input : row.findElements(By.tagName("input"))) {
                if (value.equals(input.getAttribute("value"))) {
                    return row;
                }
            }
            if (row.getText().contains(value)) {
                return row;
            }
        }
        throw new AssertionError("No row with " + value + " in " + tableId);
    }

    @Test
    void aProjectIsDeletedOnlyOnceItsNameIsTyped() {
        String project = Fixtures.project(api);
        String name = api.get("/api/v1/projects/" + project).json().path("name").asText();
        page("overview", project);
        browser.type(By.id("deleteProject:confirmName"), name + "?");
        browser.driver.findElement(By.id("deleteProject:delete")).click();
        browser.waiting().until(d -> browser.messages().contains("exact name"));
        assertEquals(200, api.get("/api/v1/projects/" + project).status(), "a wrong name deletes nothing");

        browser.type(By.id("deleteProject:confirmName"), name);
        browser.driver.findElement(By.id("deleteProject:delete")).click();
        browser.waiting().until(d -> browser.url().contains("/console/index.xhtml"));
        assertTrue(browser.messages().contains("Deleted project \"" + name + "\""), browser.messages());
        assertEquals(404, api.get("/api/v1/projects/" + project).status());
        assertFalse(browser.source().contains(project), "no longer in the project list");
    }

    @Test
    void aGeneratedScimTokenIsShownOnceAndWorks() {
        String project = Fixtures.project(api);
        page("scim", project);
        assertTrue(browser.driver.findElement(By.id("scim-base-url")).getText().endsWith("/scim/v2"));
        browser.type(By.id("tokens:tokenName"), "Okta production");
        click(By.id("tokens:generate"));
        WebElement shown = browser.waitFor(By.id("issued-token"));
        String token = shown.getText();
        assertTrue(token.startsWith("gst_"), token);
        browser.screenshot("20-scim-token-dialog");
        // the token is real: the IdP can use it
        assertEquals(200, Scim.withToken(base, project, token).get("/Users").status());

        click(By.id("issuedForm:done"));
        assertFalse(browser.source().contains(token), "closing the dialog forgets the token");
        page("scim", project);
        assertFalse(browser.source().contains(token), "the token is never shown again");
        assertTrue(browser.driver.findElement(By.id("tokens:list")).getText().contains("Okta production"));
        assertFalse(browser.driver.findElement(By.id("tokens:list")).getText().contains("Never"), "its use shows as last used");
        browser.screenshot("21-scim");

        // rotate, then revoke the old one: it stops working
        browser.driver.findElement(By.cssSelector("#tokens\\:list .gh-rotate")).click();
        String rotated = browser.waitFor(By.id("issued-token")).getText();
        assertTrue(rotated.startsWith("gst_") && !rotated.equals(token));
        click(By.id("issuedForm:done"));
        List<WebElement> revokes = browser.driver.findElements(By.cssSelector("#tokens\\:list .gh-revoke"));
        assertEquals(2, revokes.size());
        revokes.get(1).click(); // the older token is listed last
        click(By.cssSelector(".ui-confirmdialog-yes"));
        assertTrue(browser.messages().contains("Token revoked"), browser.messages());
        assertEquals(401, Scim.withToken(base, project, token).get("/Users").status());
        assertEquals(200, Scim.withToken(base, project, rotated).get("/Users").status());
    }

    @Test
    void theIdpMetadataUrlIsFetchedAndItsStatusShown() {
        String project = Fixtures.project(api);
        page("sso", project);
        String acs = browser.driver.findElement(By.id("acs-url")).getText();
        assertTrue(acs.matches("http://.*/sso/[^/]+/saml/consume"), acs);
        assertEquals(api.get("/api/v1/projects/" + project + "/sso").json().path("acsUrl").asText(), acs);

        browser.type(By.id("settings:metadataUrl"), base + "does-not-exist/metadata");
        click(By.id("settings:save"));
        assertTrue(browser.messages().contains("could not be fetched"), browser.messages());
        assertTrue(browser.driver.findElement(By.id("settings:fetchStatus")).getText().contains("Fetch failed"));

        browser.type(By.id("settings:metadataUrl"), base + "dev/idp/metadata"); // the development mock IdP
        browser.driver.findElement(By.cssSelector("#settings\\:jit .ui-toggleswitch-slider")).click();
        assertTrue(browser.driver.findElement(By.id("settings:idpInitiated_input")).isSelected(), "IdP-initiated allowed by default");
        browser.driver.findElement(By.cssSelector("#settings\\:idpInitiated .ui-chkbox-box")).click();
        click(By.id("settings:save"));
        assertTrue(browser.messages().contains("Single sign-on settings saved."), browser.messages());
        assertTrue(browser.driver.findElement(By.id("settings:fetchStatus")).getText().contains("Fetched"));
        var sso = api.get("/api/v1/projects/" + project + "/sso").json();
        assertEquals(base + "dev/idp/metadata", sso.path("idpMetadataUrl").asText());
        assertFalse(sso.hasNonNull("idpMetadataError"), sso.toString());
        assertTrue(sso.path("jitEnabled").asBoolean());
        assertFalse(sso.path("idpInitiatedAllowed").asBoolean(true), "the checkbox turned IdP-initiated sign-in off: " + sso);
        browser.screenshot("30-sso");
        browser.driver.findElement(By.id("cert:download")).click();
        String pem = browser.downloaded("gatehouse-sp-" + project + ".pem");
        assertEquals(sso.path("spCertificate").asText().strip(), pem.strip());
        click(By.id("cert:rollover"));
        click(By.id("cert:rolloverConfirm"));
        assertTrue(browser.messages().contains("New SP key pair"), browser.messages());
        assertFalse(pem.strip().equals(api.get("/api/v1/projects/" + project + "/sso").json().path("spCertificate").asText().strip()),
                "rolled over: a new certificate");

        page("overview", project);
        assertTrue(browser.driver.findElement(By.id("status-idp")).getText().contains("Loaded"));
        page("guide-okta", project);
        assertTrue(browser.source().contains(acs), "the guide shows this project's ACS URL");
        browser.screenshot("31-guide-okta");
        page("guide-entra", project);
        assertTrue(browser.driver.findElement(By.id("entra-reply")).getText().equals(acs));
        browser.screenshot("32-guide-entra");
    }

    @Test
    void draggingAGroupAboveAnotherChangesAUsersEffectiveRole() {
        String project = Fixtures.project(api);
        String editor = Fixtures.role(api, project, "Editor");
        String admin = Fixtures.role(api, project, "Administrator");
        String editors = Fixtures.group(api, project, "Editors", editor);
        String admins = Fixtures.group(api, project, "Admins", admin);
        String user = Fixtures.user(api, project, "jane@example.com");
        Fixtures.addMember(api, project, editors, user);
        Fixtures.addMember(api, project, admins, user);
        assertEquals("Editor", api.get("/api/v1/projects/" + project + "/users/" + user).json().path("effectiveRole").asText());

        browser.open("console/project/user.xhtml?p=" + project + "&u=" + user);
        browser.waitForText(By.id("effective-role"), "Editor");
        assertTrue(browser.driver.findElement(By.id("role-reason")).getText().contains("from group \"Editors\""));

        page("groups", project);
        List<WebElement> handles = browser.driver.findElements(By.cssSelector("#groups\\:table .gh-drag"));
        assertEquals(2, handles.size());
        assertEquals(List.of("Editors", "Admins"), groupNames());
        browser.dragAbove(handles.get(1), handles.get(0));
        browser.waitForText(By.id("messages"), "Priority saved");
        browser.ajaxDone();
        assertEquals(List.of("Admins", "Editors"), groupNames());
        browser.screenshot("40-groups");
        click(By.cssSelector("#groups\\:table .gh-members-link"));
        browser.waitForText(By.id("membersForm:members"), "jane@example.com");
        browser.screenshot("42-group-members");

        browser.open("console/project/user.xhtml?p=" + project + "&u=" + user);
        browser.waitForText(By.id("effective-role"), "Administrator");
        assertTrue(browser.driver.findElement(By.id("role-reason")).getText().contains("from group \"Admins\""));
        browser.screenshot("41-user-detail");
        assertEquals("Administrator", api.get("/api/v1/projects/" + project + "/users/" + user).json().path("effectiveRole").asText());

        // the role of a group, chosen in its row, decides too: Admins without a role leaves Editors
        page("groups", project);
        browser.driver.findElement(By.cssSelector("#groups\\:table tbody tr:first-child .gh-group-role")).click();
        browser.waitFor(By.cssSelector(".ui-selectonemenu-panel:not([style*='display: none']) li[data-label='— no role —']")).click();
        browser.waitForText(By.id("messages"), "Role of \"Admins\" saved.");
        assertEquals("Editor", api.get("/api/v1/projects/" + project + "/users/" + user).json().path("effectiveRole").asText());
    }

    @Test
    void membersOfAProjectGroupAreAddedAndRemovedInItsMembersDialog() {
        String project = Fixtures.project(api);
        String editor = Fixtures.role(api, project, "Editor");
        Fixtures.group(api, project, "Editors", editor);
        String user = Fixtures.user(api, project, "sam@example.com");
        assertEquals("Member", api.get("/api/v1/projects/" + project + "/users/" + user).json().path("effectiveRole").asText());

        page("groups", project);
        click(By.cssSelector("#groups\\:table .gh-members-link"));
        browser.waitForText(By.id("membersForm:members"), "No members.");
        browser.type(By.id("membersForm:newMember"), "nobody@example.com");
        click(By.id("membersForm:addMember"));
        browser.waitForText(By.id("membersForm:memberMessages"), "There is no user \"nobody@example.com\" in this project.");
        browser.type(By.id("membersForm:newMember"), "SAM@example.com");
        click(By.id("membersForm:addMember"));
        browser.waitForText(By.id("membersForm:members"), "sam@example.com");
        browser.waitForText(By.id("membersForm:memberMessages"), "sam@example.com added to \"Editors\".");
        assertEquals("1", browser.driver.findElement(By.cssSelector("#groups\\:table .gh-members-link")).getText(), "the count follows");
        assertEquals("Editor", api.get("/api/v1/projects/" + project + "/users/" + user).json().path("effectiveRole").asText());
        browser.screenshot("43-group-member-added");

        click(By.id("membersForm:members:0:remove"));
        browser.waitForText(By.id("membersForm:members"), "No members.");
        assertEquals("Member", api.get("/api/v1/projects/" + project + "/users/" + user).json().path("effectiveRole").asText());
        assertTrue(api.get("/api/v1/projects/" + project + "/audit?action=group.member-remove").text().contains("admin:admin"));

        // the console's changes reach the applications as events, by the console's admin
        var events = api.get("/api/v1/projects/" + project + "/events").json().path("events");
        List<String> types = new java.util.ArrayList<>();
        events.forEach(e -> types.add(e.path("type").asText()));
        assertEquals(List.of("group.created", "user.created", "group.member_added", "user.role_changed",
                "group.member_removed", "user.role_changed"), types, events.toString());
        assertEquals("admin:admin", events.get(2).path("actor").path("name").asText());
        assertEquals(user, events.get(3).path("data").path("userId").asText());
        assertEquals("Member", events.get(5).path("data").path("newRole").asText());
    }

    private List<String> groupNames() {
        return browser.driver.findElements(By.cssSelector("#groups\\:table .gh-group-name")).stream().map(WebElement::getText).toList();
    }

    @Test
    void syncWithRegularUsersConvertsThemAndSaysHowMany() {
        String project = Fixtures.project(api);
        Fixtures.user(api, project, "alice@example.com");
        page("users", project);
        click(By.id("addUserOpen"));
        browser.type(By.id("addUser:userName"), "bob@example.com");
        browser.type(By.id("addUser:given"), "Bob");
        browser.type(By.id("addUser:family"), "Builder");
        browser.type(By.id("addUser:password"), "a long enough password");
        click(By.id("addUser:addUserSubmit"));
        assertTrue(browser.messages().contains("Regular user bob@example.com added."), browser.messages());
        browser.waitForText(By.id("users:table"), "bob@example.com");
        assertEquals(2, browser.driver.findElements(By.xpath("//*[@id='users:table']//span[text()='Regular']")).size());

        click(By.id("syncOpen"));
        browser.screenshot("50-sync-confirmation");
        click(By.id("sync:syncConfirm"));
        browser.waitForText(By.id("messages"), "2 regular users are now SSO users.");
        browser.waitForText(By.id("users:table"), "Synced");
        assertEquals(2, browser.driver.findElements(By.cssSelector("#users\\:table .gh-badge-synced")).size());
        var listed = api.get("/api/v1/projects/" + project + "/users").json().path("items");
        listed.forEach(u -> assertEquals("SYNCED", u.path("origin").asText()));

        click(By.id("syncOpen"));
        click(By.id("sync:syncConfirm"));
        browser.waitForText(By.id("messages"), "0 regular users are now SSO users.");
    }

    @Test
    void theUsersTableSearchesAndPagesInTheDatabase() {
        String project = Fixtures.project(api);
        for (int i = 0; i < 30; i++) {
            Fixtures.user(api, project, String.format("person%02d@example.com", i));
        }
        Fixtures.user(api, project, "zed@example.org");
        page("users", project);
        assertTrue(browser.driver.findElement(By.id("users:table")).getText().contains("1–25 of 31"),
                browser.driver.findElement(By.id("users:table")).getText());
        browser.screenshot("60-users");
        browser.type(By.id("users:search"), "zed");
        click(By.id("users:searchButton"));
        browser.waitForText(By.id("users:table"), "1–1 of 1");
        assertTrue(browser.driver.findElement(By.id("users:table")).getText().contains("zed@example.org"));
        assertFalse(browser.driver.findElement(By.id("users:table")).getText().contains("person00@example.com"));
        browser.viewport(ConsoleBrowser.PHONE);
        browser.screenshot("61-users-phone");
    }

    @Test
    void theAuditLogShowsAScimChange() {
        String project = Fixtures.project(api);
        Scim scim = Scim.withToken(base, project, Fixtures.scimToken(api, project));
        Api.Reply created = scim.post("/Users", Scim.oktaUser("scim.person@example.com", "Scim", "Person"));
        assertEquals(201, created.status(), created.text());
        String userId = created.id();
        assertEquals(200, scim.patch("/Users/" + userId, Scim.patchOf(Scim.op("replace", "active", false))).status());

        page("audit", project);
        browser.driver.findElement(By.id("audit:source")).click();
        browser.waitFor(By.cssSelector("li[data-label='SCIM']")).click();
        browser.type(By.id("audit:user"), "scim.person@example.com");
        click(By.id("audit:apply"));
        String events = browser.driver.findElement(By.id("audit:events")).getText();
        assertTrue(events.contains("Deactivated user scim.person@example.com"), events);
        assertTrue(events.contains("scim-token:"), "the actor is the SCIM token: " + events);
        assertFalse(events.contains("Created project"), "only SCIM events about this user: " + events);
        browser.screenshot("70-audit");
        browser.driver.findElement(By.id("audit:export")).click();
        String csv = browser.downloaded("gatehouse-audit-" + project + ".csv");
        assertTrue(csv.startsWith("time,source,actor,action,target_type,target_id,summary"), csv);
        assertTrue(csv.contains("\"Deactivated user scim.person@example.com\""), csv);
        assertFalse(csv.contains("Created project"), "the export has the filters of the page: " + csv);

        page("overview", project);
        String status = browser.driver.findElement(By.id("status-scim")).getText();
        assertTrue(status.contains("PATCH /Users/" + userId) || status.contains("POST /Users"), status);
        assertTrue(status.contains("succeeded"), status);
        browser.screenshot("71-overview-status");

        browser.open("console/project/user.xhtml?p=" + project + "&u=" + userId);
        browser.waitFor(By.id("effective-role"));
        assertTrue(browser.source().contains("Deactivated"));
    }

    @Test
    void everyPageFitsAPhoneScreen() {
        String project = Fixtures.project(api);
        browser.viewport(ConsoleBrowser.PHONE);
        for (String page : List.of("overview", "sso", "scim", "groups", "roles", "audit")) {
            page(page, project);
            long overflow = (Long) ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeScript(
                    "return document.documentElement.scrollWidth - window.innerWidth;");
            assertTrue(overflow <= 0, page + " scrolls sideways by " + overflow + " px at phone width");
        }
        page("sso", project);
        browser.screenshot("80-sso-phone");
        browser.viewport(ConsoleBrowser.DESKTOP);
        browser.open("console/index.xhtml");
        browser.waitFor(By.id("projects"));
        browser.screenshot("00-projects");
        assertTrue(api.get("/api/v1/projects/" + project).status() == 200 && object() != null);
    }
}
