package io.leadline.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.testing.Chromium;
import io.leadline.testing.OnPostgres;
import io.leadline.testing.PostgresDatabase;
import io.leadline.testing.TestApi;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The dashboard in headless Chromium against the whole application on PostgreSQL and Redis. */
@OnPostgres
@ExtendWith(Chromium.class)
class DashboardBrowserTests {

    private static final String PASSWORD = "correct horse battery";
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static Browser browser;

    @LocalServerPort
    int port;

    TestApi api;

    @BeforeEach
    void connect() throws IOException {
        api = new TestApi(port);
        if (browser == null) {
            browser = new Browser("http://127.0.0.1:" + port);
        }
        browser.resize(1280, 900);
        browser.open("/login");
        browser.driver().manage().deleteAllCookies();
        forgetSignUpsFromThisMachine();
    }

    /**
     * Every sign-up of these tests comes from 127.0.0.1, and the sign-up limit (10 a minute per
     * address) lives in Redis, shared with any other run of the last minute: each test starts with the
     * address's budget whole, as a visitor's first sign-up would.
     */
    private static void forgetSignUpsFromThisMachine() {
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create("redis://127.0.0.1:6379");
        try (var connection = client.connect()) {
            var redis = connection.sync();
            var keys = redis.keys("leadline:rl:signup:*");
            if (!keys.isEmpty()) {
                redis.del(keys.toArray(String[]::new));
            }
        } finally {
            client.shutdown();
        }
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    private static String email(String who) {
        return who + "-" + System.nanoTime() + "-" + SEQ.incrementAndGet() + "@example.com";
    }

    @Test
    void signUpCreateAKeyPostALeadThroughTheApiAndWorkItInTheDashboard() throws IOException {
        browser.signUp("Olivia Owner", email("olivia"), PASSWORD, "Acme Browser");
        assertThat(browser.path()).startsWith("/app");
        assertThat(browser.text("h1")).isEqualTo("Overview");

        browser.open("/app/settings/api");
        browser.type("#key-name", "Website backend");
        browser.clickAndWait("#create-key");
        String key = browser.text("#new-key");
        assertThat(key).startsWith("ll_sk_");
        browser.screenshot("api-access");
        browser.open("/app/settings/api");
        assertThat(browser.present("#new-key"))
                .as("a secret key is shown only once")
                .isFalse();
        assertThat(browser.text("#keys-table")).contains("Website backend").doesNotContain(key);

        TestApi.Answer created = TestApi.expect(
                201,
                api.post(
                        "/api/v1/leads",
                        Map.of(
                                "firstName", "Jane",
                                "lastName", "Smith",
                                "email", "jane.smith@acme.test",
                                "company", "Acme Inc",
                                "phone", "+1 555 123 4567"),
                        "X-API-Key",
                        key));
        String leadId = created.text("id");

        browser.open("/app/tags");
        browser.type("#name", "Hot");
        browser.clickAndWait("#create-tag");
        assertThat(browser.pageText()).contains("Tag “Hot” created.");
        browser.screenshot("tags");

        browser.open("/app/leads");
        assertThat(browser.text("#leads-table")).contains("Jane Smith", "jane.smith@acme.test", "Acme Inc");
        browser.type("#q", "5551234");
        browser.clickAndWait("#apply-filters");
        assertThat(browser.text("#leads-table")).contains("Jane Smith");
        browser.open("/app/leads");
        browser.find("[data-select-all]").click();
        assertThat(browser.text("[data-selected-count]")).isEqualTo("1 selected");
        // A bulk action without its tag is stopped on the page, and the selection stays.
        browser.find("#bulk-add-tag").click();
        assertThat(browser.text("[data-selected-count]")).isEqualTo("Choose a tag first.");
        assertThat(browser.find("input[name=ids]").isSelected()).isTrue();
        browser.find("[data-select-all]").click();
        assertThat(browser.driver()
                        .findElement(By.cssSelector("[data-selected-count]"))
                        .getText())
                .isEmpty();
        browser.screenshot("leads");

        browser.clickAndWait("a.lead-link");
        assertThat(browser.path()).isEqualTo("/app/leads/" + leadId);
        new Select(browser.find("#status")).selectByValue("contacted");
        browser.driver().findElement(By.xpath("//label[span='Hot']")).click();
        browser.type("#company", "Acme Corporation");
        browser.clickAndWait("#save-lead");

        assertThat(browser.pageText()).contains("Lead saved.");
        assertThat(browser.text("#lead-status")).isEqualTo("contacted");
        String timeline = browser.text("#timeline");
        assertThat(timeline)
                .contains("Status changed from new to contacted")
                .contains("Tags: none → Hot")
                .contains("Company: “Acme Inc” → “Acme Corporation”")
                .contains("by Olivia Owner")
                .contains("Created via the API");
        browser.type("#note-text", "Called, left a voicemail");
        browser.clickAndWait("#add-note");
        assertThat(browser.pageText()).contains("Note added.");
        assertThat(browser.text("#timeline")).contains("Note", "Called, left a voicemail");
        browser.screenshot("lead");

        browser.open("/app");
        assertThat(browser.text("#usage-used")).isEqualTo("1");
        assertThat(browser.text("#newest")).contains("Jane Smith");
        browser.screenshot("overview");
        // A lead arriving while the page is open shows up, and is counted, without a reload.
        TestApi.expect(
                201, api.post("/api/v1/leads", Map.of("firstName", "Liam", "lastName", "Live"), "X-API-Key", key));
        new WebDriverWait(browser.driver(), Duration.ofSeconds(25))
                .until(d -> browser.text("#usage-used").equals("2")
                        && browser.text("#newest").contains("Liam Live"));

        browser.resize(375, 812);
        browser.open("/app/leads");
        assertThat(browser.text("#leads-table")).contains("Jane Smith");
        browser.screenshot("leads-375");
    }

    @Test
    void invalidLeadChangesAreRefusedWithTheFieldNamedAndNothingSaved() {
        browser.signUp("Val Idator", email("val"), PASSWORD, "Validation Inc");
        browser.open("/app/settings/api");
        browser.type("#key-name", "import");
        browser.clickAndWait("#create-key");
        String key = browser.text("#new-key");
        String leadId = TestApi.expect(
                        201,
                        api.post(
                                "/api/v1/leads",
                                Map.of("firstName", "Max", "lastName", "Mustermann"),
                                "X-API-Key",
                                key))
                .text("id");

        browser.open("/app/leads/" + leadId);
        browser.type("#email", "not-an-email");
        browser.type("#lastName", " ");
        browser.type("#company", "Should not be saved");
        browser.clickAndWait("#save-lead");

        assertThat(browser.pageText()).contains("Enter a valid email address", "Leads from the API keep a last name");
        assertThat(api.get("/api/v1/leads/" + leadId, "X-API-Key", key).text("company"))
                .isNull();
        // A screen reader hears what to fix: the first bad field has focus, is marked invalid and is
        // described by its error.
        var focused = browser.driver().switchTo().activeElement();
        assertThat(focused.getAttribute("id")).isEqualTo("lastName");
        assertThat(focused.getAttribute("aria-invalid")).isEqualTo("true");
        String describedBy = focused.getAttribute("aria-describedby");
        assertThat(describedBy).isNotBlank();
        assertThat(browser.text("#" + describedBy.split(" ")[0])).contains("Leads from the API keep a last name");
        assertThat(browser.find("#email").getAttribute("aria-invalid")).isEqualTo("true");
    }

    @Test
    void createAProjectSetAllowedDomainsAndSeeTheSnippets() throws IOException {
        browser.signUp("Pat Project", email("pat"), PASSWORD, "Projects Ltd");
        browser.open("/app/projects");
        browser.type("#project-name", "Marketing site");
        browser.clickAndWait("#create-project");
        assertThat(browser.text("h1")).isEqualTo("Marketing site");
        String key = browser.text("#project-key");
        assertThat(key).startsWith("ll_pk_");

        browser.type("#domains", "example.com\nexa_mple.com");
        browser.clickAndWait("#save-domains");
        assertThat(browser.text("#domains-error")).contains("'exa_mple.com' is not a host name");

        browser.type("#domains", "Example.com\n*.example.com");
        browser.clickAndWait("#save-domains");
        assertThat(browser.pageText()).contains("Allowed domains saved: example.com, *.example.com.");
        assertThat(browser.find("#domains").getAttribute("value")).isEqualTo("example.com\n*.example.com");

        assertThat(browser.text("#snippet-embed"))
                .contains("/capture.js\" data-key=\"" + key + "\"")
                .contains("<form data-leadline>");
        assertThat(browser.driver().findElement(By.id("snippet-curl")).getAttribute("textContent"))
                .contains("/api/public/lead")
                .contains("X-API-Key: " + key);
        assertThat(browser.driver().findElement(By.id("snippet-fetch")).getAttribute("textContent"))
                .contains("fetch(")
                .contains(key);
        assertThat(browser.driver().findElement(By.id("snippet-php")).getAttribute("textContent"))
                .contains("curl_init")
                .contains(key);
        assertThat(browser.find("#webhook-url").getAttribute("value")).endsWith("/api/whatsapp/webhook?api_key=" + key);
        assertThat(browser.find("#verify-token").getAttribute("value")).isNotBlank();
        browser.screenshot("project");

        // The fetch snippet pasted into a plain <script> of a page (here one without the dashboard's
        // CSP) runs and gets the API's answer: a 403 here, the allowlist being set. Only its address
        // is changed: the configured one cannot know this test's random port.
        String fetch = browser.driver()
                .findElement(By.id("snippet-fetch"))
                .getAttribute("textContent")
                .replaceFirst("http://localhost:\\d+/", "http://127.0.0.1:" + port + "/");
        assertThat(fetch).contains("http://127.0.0.1:" + port + "/api/public/lead");
        String projectPage = browser.path();
        browser.open("/api/health");
        browser.script("""
                        window.seen = [];
                        window.addEventListener("error", (e) => window.seen.push("error: " + e.message));
                        window.addEventListener("unhandledrejection", (e) => window.seen.push("error: " + e.reason));
                        console.log = (m) => window.seen.push("log: " + m);
                        const script = document.createElement("script");
                        script.textContent = arguments[0];
                        document.body.appendChild(script);
                        """, fetch);
        Object seen = new WebDriverWait(browser.driver(), Duration.ofSeconds(10))
                .until(d -> browser.script("return window.seen.length ? window.seen : null"));
        assertThat(seen.toString()).isEqualTo("[log: Origin or Referer not in project allowlist.]");
        browser.open(projectPage);

        browser.clickConfirmAndWait("#rotate-key");
        assertThat(browser.text("#project-key")).startsWith("ll_pk_").isNotEqualTo(key);

        browser.open("/app/projects");
        assertThat(browser.pageText()).contains("Marketing site", "example.com, *.example.com");
        browser.screenshot("projects");
    }

    @Test
    void aMemberWorksLeadsButCannotOpenApiAccess() throws IOException {
        browser.signUp("Olga Owner", email("olga"), PASSWORD, "Team Co");
        String memberEmail = email("mia");
        browser.open("/app/team");
        browser.type("#member-email", memberEmail);
        browser.type("#member-name", "Mia Member");
        browser.clickAndWait("#add-member");
        String oneTime = browser.text("#one-time-password");
        assertThat(oneTime).hasSizeGreaterThanOrEqualTo(16);
        assertThat(browser.text("#members-table")).contains("Mia Member", memberEmail);
        browser.screenshot("team");
        browser.signOut();

        browser.signIn(memberEmail, oneTime);
        assertThat(browser.path()).startsWith("/app/account/password");
        browser.type("#current", oneTime);
        browser.type("#next", "mia's own password");
        browser.type("#confirm", "mia's own password");
        browser.clickAndWait("#change-password");
        assertThat(browser.pageText()).contains("Your password has been changed.");
        assertThat(browser.text("nav.sidebar")).contains("Leads").doesNotContain("API Access", "Team", "Projects");

        browser.open("/app/settings/api");
        assertThat(browser.text("h1")).isEqualTo("403 · Forbidden");
        assertThat(browser.present("#create-key")).isFalse();
        browser.screenshot("member-forbidden");

        browser.open("/app/leads");
        assertThat(browser.text("h1")).isEqualTo("Leads");
    }

    @Test
    void aLongTagNameWrapsInsteadOfPushingTheLeadsTableOrAPhonesPageSideways() throws IOException {
        browser.signUp("Wes Wide", email("wes"), PASSWORD, "Wide Co");
        browser.open("/app/tags");
        browser.type("#name", "Trade fair Berlin 2026 - follow up after the product demo");
        browser.clickAndWait("#create-tag");
        browser.open("/app/leads/new");
        browser.type("#firstName", "Fatima");
        browser.type("#lastName", "Fair");
        browser.type("#email", "fatima@fair.test");
        new Select(browser.find("#addTagId")).selectByIndex(1);
        browser.clickAndWait("#create-lead");
        String lead = browser.path();

        browser.open("/app/leads");
        assertThat(browser.script(
                        "const w = document.querySelector('.table-wrap'); return w.scrollWidth - w.clientWidth"))
                .as("the leads table fits its frame at 1280 px: Assigned to, Channel and Created stay in view")
                .isEqualTo(0L);

        browser.resize(375, 812);
        for (String page : new String[] {lead, "/app/tags", "/app/leads"}) {
            browser.open(page);
            assertThat(browser.script(
                            "return document.documentElement.scrollWidth - document.documentElement.clientWidth"))
                    .as("%s scrolls sideways on a phone", page)
                    .isEqualTo(0L);
        }
        // The filter fields stay inside the filter card on a phone (they stuck out past its padding).
        browser.open("/app/leads");
        System.out.println(
                "PROBE "
                        + browser.script(
                                "const box = document.querySelector('.filters'); const s = getComputedStyle(box);"
                                        + " return box.getBoundingClientRect().right + ' pad ' + s.paddingRight + ' cols ' + s.gridTemplateColumns + ' vw ' + document.documentElement.clientWidth + ' : ' + [...box.querySelectorAll('input, select, button')].map(e => e.id + '=' + Math.round(e.getBoundingClientRect().right)).join(' ')"));
        assertThat(browser.script("const box = document.querySelector('.filters');"
                        + " const s = getComputedStyle(box);"
                        + " const right = box.getBoundingClientRect().right - parseFloat(s.paddingRight)"
                        + " - parseFloat(s.borderRightWidth);"
                        + " return [...box.querySelectorAll('input, select, button')]"
                        + ".filter(e => e.getBoundingClientRect().right > right + 0.5).length"))
                .as("filter fields past the filter card's edge at 375 px")
                .isEqualTo(0L);
        browser.screenshot("long-tag-phone");
    }

    @Test
    void timesAreShownInTheReadersTimeZoneWithTheUtcTimeAsTheirTitle() {
        browser.signUp("Tara Zone", email("tara"), PASSWORD, "Zone Co");
        browser.open("/app/settings/api");
        browser.type("#key-name", "zones");
        browser.clickAndWait("#create-key");
        String key = browser.text("#new-key");
        TestApi.Answer created = TestApi.expect(
                201, api.post("/api/v1/leads", Map.of("firstName", "Ravi", "lastName", "Kumar"), "X-API-Key", key));
        OffsetDateTime at = OffsetDateTime.parse(created.text("createdAt"));
        DateTimeFormatter minute = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
        String utc = at.withOffsetSameInstant(ZoneOffset.UTC).format(minute);
        // Japan is 9 hours ahead of UTC all year: the shown time always differs from the UTC one.
        String tokyo = at.atZoneSameInstant(ZoneId.of("Asia/Tokyo")).format(minute);
        browser.timeZone("Asia/Tokyo");
        try {
            browser.open("/app/leads/" + created.text("id"));
            var shown = browser.driver().findElement(By.cssSelector(".page-head time[data-local]"));
            assertThat(shown.getText()).isEqualTo(tokyo);
            assertThat(shown.getAttribute("title")).isEqualTo(utc + " UTC");
            assertThat(browser.text(".page-head [data-zone]")).isEqualTo("Asia/Tokyo");
            // Every time on the page (the timeline's too) is its UTC title moved 9 hours ahead.
            var times = browser.driver().findElements(By.cssSelector("time[data-local=minute]"));
            assertThat(times).hasSizeGreaterThanOrEqualTo(3);
            for (var time : times) {
                LocalDateTime inUtc =
                        LocalDateTime.parse(time.getAttribute("title").replace(" UTC", ""), minute);
                assertThat(time.getText()).isEqualTo(inUtc.plusHours(9).format(minute));
            }

            browser.open("/app/leads");
            assertThat(browser.text("#leads-table")).contains(tokyo.substring(11));
            assertThat(browser.text("#leads-table thead")).containsIgnoringCase("Created (Asia/Tokyo)");
        } finally {
            browser.timeZone("");
        }
    }

    @Test
    void anotherWorkspaceCannotOpenALeadByItsUrl() {
        TestApi.Tenant first = api.tenant();
        String leadId = TestApi.expect(
                        201,
                        api.post(
                                "/api/v1/leads",
                                Map.of("firstName", "Secret", "lastName", "Lead", "email", "secret@first.test"),
                                first.auth()))
                .text("id");

        browser.signUp("Eve Other", email("eve"), PASSWORD, "Other Workspace");
        browser.open("/app/leads/" + leadId);
        assertThat(browser.text("h1")).isEqualTo("404 · Not Found");
        assertThat(browser.pageText()).doesNotContain("Secret Lead", "secret@first.test");
        browser.open("/app/leads/" + leadId + "/delete");
        assertThat(browser.text("h1")).isEqualTo("404 · Not Found");
        browser.open("/app/leads");
        assertThat(browser.pageText()).doesNotContain("Secret Lead");

        TestApi.expect(200, api.get("/api/v1/leads/" + leadId, first.auth()));
    }

    @Test
    void signInIsLockedAfterRepeatedFailures() {
        String who = email("tom");
        browser.signUp("Tom Throttled", who, PASSWORD, "Throttle Co");
        browser.signOut();

        for (int i = 0; i < 5; i++) {
            browser.signIn(who, "wrong password " + i);
            assertThat(browser.present("#login-error")).isTrue();
        }
        browser.signIn(who, PASSWORD);
        assertThat(browser.path()).startsWith("/login");
        assertThat(browser.text("#login-locked")).contains("Too many failed sign-ins");
    }

    @Test
    void anInstanceAdminChangesAPlanLimitAndAKeyRateLimit() throws Exception {
        TestApi.Tenant tenant = api.tenant(100);
        String admin = email("ada");
        browser.signUp("Ada Admin", admin, PASSWORD, "Operators");
        try (Connection c = PostgresDatabase.connect();
                PreparedStatement s =
                        c.prepareStatement("update users set instance_admin = true where email_key = ?")) {
            // The first user of the instance is its admin; in this shared test database that may
            // be another test's user, so this test's operator promotes Ada directly.
            s.setString(1, admin);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
        browser.open("/app/admin");
        assertThat(browser.text("nav.sidebar")).contains("Admin");
        assertThat(browser.text("#workspaces-table")).contains("Operators");

        String form = "form[action='/app/admin/workspaces/" + tenant.workspaceId() + "/limit']";
        browser.type(form + " input[name=limit]", "2500");
        browser.clickAndWait(form + " button");
        assertThat(browser.pageText()).contains("2500 new leads per month.");
        TestApi.Answer limited =
                api.admin("PATCH", "/api/admin/workspaces/" + tenant.workspaceId(), Map.of("monthlyLeadLimit", 2500));
        assertThat(limited.json().get("monthlyLeadLimit").asInt()).isEqualTo(2500);
        browser.screenshot("admin");

        browser.open("/app/admin/workspaces/" + tenant.workspaceId());
        String keyForm = "form[action='/app/admin/keys/" + tenant.keyId() + "/rate-limit']";
        browser.type(keyForm + " input[name=perMinute]", "7");
        browser.clickAndWait(keyForm + " button");
        assertThat(browser.pageText()).contains("may now make 7 requests per minute");
        TestApi.Answer answer = api.get("/api/v1/leads", tenant.auth());
        assertThat(answer.header("X-RateLimit-Limit")).isEqualTo("7");
        browser.screenshot("admin-workspace");
    }

    @Test
    void webhooksAreManagedTestedAndLoggedInTheDashboard() throws Exception {
        try (io.leadline.testing.Receiver receiver = new io.leadline.testing.Receiver()) {
            browser.signUp("Wanda Webhook", email("wanda"), PASSWORD, "Hooks Inc");
            browser.open("/app/settings/webhooks");
            assertThat(browser.pageText()).contains("No webhooks yet");
            browser.type("#webhook-url", receiver.url("/dashboard-hook"));
            browser.clickAndWait("#create-webhook");
            String secret = browser.text("#new-secret");
            assertThat(secret).startsWith("whsec_");
            browser.clickAndWait("#send-test");
            io.leadline.testing.Receiver.Request got = receiver.await(
                            1,
                            r -> "webhook.test".equals(r.header("Leadline-Event-Type")),
                            java.time.Duration.ofSeconds(15))
                    .getFirst();
            String t = got.header("Leadline-Signature")
                    .substring(2, got.header("Leadline-Signature").indexOf(','));
            assertThat(got.header("Leadline-Signature")).endsWith("v1=" + hmacSha256(secret, t + "." + got.body()));
            long end = System.nanoTime() + java.time.Duration.ofSeconds(15).toNanos();
            String log = "";
            while (System.nanoTime() < end && !log.contains("succeeded")) {
                browser.open(browser.path());
                log = browser.text("#deliveries-table");
            }
            assertThat(log)
                    .contains("webhook.test")
                    .contains("succeeded")
                    .contains("HTTP 200")
                    .contains("1 attempt")
                    .doesNotContain("attempt(s)");
            assertThat(browser.present("#new-secret"))
                    .as("the secret is shown once")
                    .isFalse();
            browser.screenshot("webhook");
            browser.clickAndWait("button.replay");
            receiver.await(
                    2, r -> "webhook.test".equals(r.header("Leadline-Event-Type")), java.time.Duration.ofSeconds(15));

            // Rotate, the old secret working one more hour: both sign until then, and the page says so.
            new org.openqa.selenium.support.ui.Select(browser.find("#old-secret-valid-hours")).selectByValue("1");
            browser.clickConfirmAndWait("#rotate-secret");
            String rotated = browser.text("#new-secret");
            assertThat(rotated).startsWith("whsec_").isNotEqualTo(secret);
            assertThat(browser.text("#previous-secret-note"))
                    .contains("The previous signing secret keeps working until")
                    .contains("two v1 signatures");
            browser.screenshot("webhook-rotated");
            browser.clickAndWait("#send-test");
            io.leadline.testing.Receiver.Request signed = receiver.await(
                            3,
                            r -> "webhook.test".equals(r.header("Leadline-Event-Type")),
                            java.time.Duration.ofSeconds(15))
                    .get(2);
            String header = signed.header("Leadline-Signature");
            String at = header.substring(2, header.indexOf(','));
            assertThat(header)
                    .isEqualTo("t=" + at + ",v1=" + hmacSha256(rotated, at + "." + signed.body()) + ",v1="
                            + hmacSha256(secret, at + "." + signed.body()));
            browser.open("/app/settings/webhooks");
            assertThat(browser.text("#webhooks-table"))
                    .contains("/dashboard-hook")
                    .contains("Enabled");
            browser.screenshot("webhooks");
        }
    }

    private static String hmacSha256(String secret, String message) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(
                secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
        return java.util.HexFormat.of()
                .formatHex(mac.doFinal(message.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void anOwnerImportsACsvFileFromTheLeadsListAndOpensADuplicatesLead() throws IOException {
        browser.signUp("Ingrid Importer", email("ingrid"), PASSWORD, "Import Browser");
        java.nio.file.Path file = java.nio.file.Files.createTempFile("leads", ".csv");
        java.nio.file.Files.writeString(
                file,
                "\uFEFFFirst Name;Last Name;Email;Company\r\n"
                        + "Zoë;Müller;zoe@browser.test;\"Acme; Söhne\"\r\n"
                        + "Zoe;Other;ZOE@browser.test;\r\n"
                        + "Max;;max@browser.test;\r\n");
        try {
            browser.open("/app/leads");
            browser.clickAndWait("#import");
            assertThat(browser.text("h1")).isEqualTo("Import CSV");
            browser.driver()
                    .findElement(By.cssSelector("#file"))
                    .sendKeys(file.toAbsolutePath().toString());
            browser.clickAndWait("#import-submit");

            assertThat(browser.text("#total-created")).isEqualTo("1");
            assertThat(browser.text("#total-duplicates")).isEqualTo("1");
            assertThat(browser.text("#total-invalid")).isEqualTo("1");
            assertThat(browser.text("#import-rows")).contains("Last name: must not be blank.");
            browser.screenshot("lead-import");
            browser.clickAndWait("tr[data-row='3'] a");
            assertThat(browser.text("#lead-title")).isEqualTo("Zoë Müller");
            assertThat(browser.pageText()).contains("Created via a CSV import");
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }
}
