package io.leadline.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.leadline.testing.Chromium;
import io.leadline.testing.OnPostgres;
import io.leadline.testing.TestApi;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * capture.js in a real headless Chromium (Debian's, driven by its chromedriver): a customer's site
 * served from another port embeds the script; a visit with UTM parameters followed by the form page
 * makes a lead with that page trail and UTM, through a real CORS preflight. {@code localhost} and
 * {@code 127.0.0.1} are different origins, so the same site under the other name is refused by the
 * allowlist, and the page's failure hook shows the error.
 */
@OnPostgres
@ExtendWith(Chromium.class)
class CaptureBrowserTests {

    private static HttpServer site;
    private static final Map<String, String> pages = new ConcurrentHashMap<>();

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Capturing capturing;
    Capturing.Site project;
    WebDriver browser;
    Path profile;

    @BeforeAll
    static void customerSite() throws IOException {
        site = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        site.createContext("/", exchange -> {
            String html = pages.get(exchange.getRequestURI().getPath());
            byte[] body = (html == null ? "not found" : html).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(html == null ? 404 : 200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        site.start();
    }

    @AfterAll
    static void closeSite() {
        if (site != null) {
            site.stop(0);
        }
    }

    @BeforeEach
    void open() throws IOException {
        capturing = new Capturing(new TestApi(port), jdbc);
        project = capturing.site(null, "localhost");
        String script =
                "<script src=\"http://localhost:" + port + "/capture.js\" data-key=\"" + project.key() + "\"></script>";
        pages.put(
                "/landing.html",
                "<!doctype html><html><head><title>Acme</title>" + script
                        + "</head><body><h1>Spring sale</h1><a id=\"contact\" href=\"/contact.html\">Contact us</a>"
                        + "</body></html>");
        pages.put("/contact.html", """
                <!doctype html><html><head><title>Contact</title>%s
                <script>
                  function shownError(detail) { document.getElementById('error-code').textContent = detail.code; }
                  document.addEventListener('leadline:success', function (e) {
                    document.getElementById('lead-id').textContent = String(e.detail.leadId);
                  });
                </script></head><body>
                <form data-leadline data-leadline-error="shownError">
                  <input name="name"> <input name="email" type="email"> <input name="phone" type="tel">
                  <input name="company"> <textarea name="message"></textarea>
                  <label><input type="checkbox" name="newsletter" value="yes"> News</label>
                  <button id="send" type="submit">Send</button>
                  <p data-leadline-message id="message"></p>
                </form>
                <p id="lead-id"></p><p id="error-code"></p>
                </body></html>""".formatted(script));

        // The dashboard's snippet as a site owner may trim it: no message element of its own.
        pages.put("/bare.html", """
                <!doctype html><html><head><title>Bare</title>%s</head><body>
                <form data-leadline>
                  <input name="name"> <input name="email" type="email"> <button id="send" type="submit">Send</button>
                </form>
                </body></html>""".formatted(script));

        pages.put("/real.html", """
                <!doctype html><html><head><title>Real form</title>%s
                <script>
                  document.addEventListener('leadline:success', function (e) {
                    document.getElementById('lead-id').textContent = String(e.detail.leadId);
                  });
                  window.addEventListener('DOMContentLoaded', function () {
                    document.getElementById('f').addEventListener('submit', function (e) {
                      if (!this.company.value) { e.preventDefault(); document.getElementById('veto').textContent = 'vetoed'; }
                    });
                  });
                </script></head><body>
                <form id="f" data-leadline>
                  <input name="first_name"> <input name="last_name"> <input name="email" type="email">
                  <input name="phone" type="tel"> <input name="company"> <textarea name="message"></textarea>
                  <input name="constructor" value="proto-safe">
                  <input type="hidden" name="csrfmiddlewaretoken" value="secret-token">
                  <label><input type="checkbox" name="interests" value="crm" checked> CRM</label>
                  <label><input type="checkbox" name="interests" value="api"> API</label>
                  <fieldset disabled><input name="disabled_in_fieldset" value="never"></fieldset>
                  <button id="starter" type="submit" name="plan" value="starter">Starter</button>
                </form>
                <p id="lead-id"></p><p id="veto"></p>
                </body></html>""".formatted(script));

        pages.put("/spa.html", """
                <!doctype html><html><head><title>SPA</title>%s
                <script>
                  document.addEventListener('leadline:success', function (e) {
                    document.getElementById('lead-id').textContent = String(e.detail.leadId);
                  });
                  function route() {
                    history.pushState({}, '', '/spa.html/pricing?utm_source=spa&utm_campaign=route');
                    document.getElementById('view').innerHTML = '<form data-leadline><input name="email" type="email">'
                        + '<button id="spa-send">Send</button></form>';
                  }
                </script></head><body>
                <a id="to-pricing" href="#" onclick="route(); return false;">Pricing</a>
                <div id="view"></div><p id="lead-id"></p>
                </body></html>""".formatted(script));

        profile = Files.createTempDirectory("leadline-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(Chromium.BINARY.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Chromium.DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterEach
    void close() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .map(Path::toFile)
                        .forEach(File::delete);
            }
        }
    }

    private String siteUrl(String host, String path) {
        return "http://" + host + ":" + site.getAddress().getPort() + path;
    }

    private void fillAndSend(String email) {
        browser.findElement(By.name("name")).sendKeys("Jane Browser");
        browser.findElement(By.name("email")).sendKeys(email);
        browser.findElement(By.name("phone")).sendKeys("+1 555 010 4242");
        browser.findElement(By.name("company")).sendKeys("Acme Inc");
        browser.findElement(By.name("message")).sendKeys("Call me about the spring plan");
        browser.findElement(By.name("newsletter")).click();
        browser.findElement(By.id("send")).click();
    }

    private WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    @Test
    void formSubmissionCreatesALeadWithThePageTrailAndUtmOfTheVisit() {
        String landing =
                siteUrl("localhost", "/landing.html?utm_source=newsletter&utm_medium=email&utm_campaign=spring");
        browser.get(landing);
        browser.findElement(By.id("contact")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.name("email")));
        String email = Capturing.email();
        fillAndSend(email);

        waiting().until(d -> !d.findElement(By.id("lead-id")).getText().isBlank());
        long leadId = Long.parseLong(browser.findElement(By.id("lead-id")).getText());
        assertThat(browser.findElement(By.id("message")).getText()).isEqualTo("Thank you! We'll be in touch.");

        JsonNode lead = capturing.lead(project, leadId);
        assertThat(lead.get("email").asString()).isEqualTo(email);
        assertThat(lead.get("name").asString()).isEqualTo("Jane Browser");
        assertThat(lead.get("phone").asString()).isEqualTo("+1 555 010 4242");
        assertThat(lead.get("channel").asString()).isEqualTo("web");
        assertThat(lead.get("attributes").get("company").asString()).isEqualTo("Acme Inc");
        assertThat(lead.get("attributes").get("message").asString()).isEqualTo("Call me about the spring plan");
        assertThat(lead.get("attributes").get("newsletter").asString()).isEqualTo("yes");
        assertThat(lead.get("attributes").has("ll_website_url")).isFalse();
        assertThat(lead.get("utm").get("utm_source").asString()).isEqualTo("newsletter");
        assertThat(lead.get("utm").get("utm_medium").asString()).isEqualTo("email");
        assertThat(lead.get("utm").get("utm_campaign").asString()).isEqualTo("spring");
        assertThat(lead.get("pageTrail").toString())
                .isEqualTo("[\"" + landing + "\",\"" + siteUrl("localhost", "/contact.html") + "\"]");
        assertThat(lead.get("sourceUrl").asString()).isEqualTo(siteUrl("localhost", "/contact.html"));
        String origin = jdbc.sql("select origin from submissions where workspace_id = ?")
                .param(project.workspaceId())
                .query(String.class)
                .single();
        assertThat(origin).isEqualTo("http://localhost:" + site.getAddress().getPort());
    }

    @Test
    void aRealWorldFormIsSentAsTheBrowserWouldAndNeverRefusedForItsShape() {
        browser.get(siteUrl("localhost", "/real.html"));
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.name("email")));
        String email = Capturing.email();
        browser.findElement(By.name("first_name")).sendKeys("Rea");
        browser.findElement(By.name("last_name")).sendKeys("World");
        browser.findElement(By.name("email")).sendKeys(email);
        browser.findElement(By.name("phone")).sendKeys("n/a");
        ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("document.querySelector('[name=message]').value = 'm'.repeat(2500)");

        // The page's own check refuses the form first: nothing may be sent.
        browser.findElement(By.id("starter")).click();
        waiting().until(d -> d.findElement(By.id("veto")).getText().equals("vetoed"));
        assertThat(capturing.submissions(project, "created")).isZero();

        browser.findElement(By.name("company")).sendKeys("Acme Inc");
        browser.findElement(By.id("starter")).click();
        waiting().until(d -> !d.findElement(By.id("lead-id")).getText().isBlank());
        JsonNode lead = capturing.lead(
                project, Long.parseLong(browser.findElement(By.id("lead-id")).getText()));
        JsonNode attributes = lead.get("attributes");
        assertThat(lead.get("name").asString()).isEqualTo("Rea World");
        assertThat(lead.get("email").asString()).isEqualTo(email);
        assertThat(lead.get("phone").isNull())
                .as("a phone without digits is kept aside, not refused")
                .isTrue();
        assertThat(attributes.get("phone_entered").asString()).isEqualTo("n/a");
        assertThat(attributes.get("message").asString()).hasSize(2000);
        assertThat(attributes.get("plan").asString())
                .as("the button that sent it")
                .isEqualTo("starter");
        assertThat(attributes.get("constructor").asString()).isEqualTo("proto-safe");
        assertThat(attributes.get("interests").toString()).isEqualTo("[\"crm\"]");
        assertThat(attributes.has("csrfmiddlewaretoken")).isFalse();
        assertThat(attributes.has("disabled_in_fieldset")).isFalse();
    }

    @Test
    void aSinglePageAppsRouteChangesArePageViewsWithTheirUtm() {
        browser.get(siteUrl("localhost", "/spa.html"));
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("to-pricing")));
        browser.findElement(By.id("to-pricing")).click();
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.name("email")));
        browser.findElement(By.name("email")).sendKeys(Capturing.email());
        browser.findElement(By.id("spa-send")).click();
        waiting().until(d -> !d.findElement(By.id("lead-id")).getText().isBlank());
        JsonNode lead = capturing.lead(
                project, Long.parseLong(browser.findElement(By.id("lead-id")).getText()));
        String pricing = siteUrl("localhost", "/spa.html/pricing?utm_source=spa&utm_campaign=route");
        assertThat(lead.get("sourceUrl").asString()).isEqualTo(pricing);
        assertThat(lead.get("pageTrail").toString())
                .isEqualTo("[\"" + siteUrl("localhost", "/spa.html") + "\",\"" + pricing + "\"]");
        assertThat(lead.get("utm").get("utm_source").asString()).isEqualTo("spa");
    }

    @Test
    void originNotOnTheAllowlistIsRefusedAndThePageSeesTheError() {
        browser.get(siteUrl("127.0.0.1", "/contact.html"));
        fillAndSend(Capturing.email());

        waiting().until(d -> !d.findElement(By.id("error-code")).getText().isBlank());
        assertThat(browser.findElement(By.id("error-code")).getText()).isEqualTo("DOMAIN_NOT_ALLOWED");
        assertThat(browser.findElement(By.id("message")).getText())
                .isEqualTo("Origin or Referer not in project allowlist.");
        assertThat(browser.findElement(By.tagName("form")).getAttribute("data-leadline-state"))
                .isEqualTo("error");
        assertThat(capturing.leads(project)).isZero();
    }

    @Test
    void aFormWithoutAMessageElementStillTellsTheVisitorWhatHappened() {
        browser.get(siteUrl("localhost", "/bare.html"));
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.name("email")));
        browser.findElement(By.name("email")).sendKeys(Capturing.email());
        browser.findElement(By.id("send")).click();
        By status = By.cssSelector("form [data-leadline-message][role=status]");
        waiting()
                .until(d -> !d.findElements(status).isEmpty()
                        && !d.findElement(status).getText().isBlank());
        assertThat(browser.findElement(status).getText()).isEqualTo("Thank you! We'll be in touch.");
        assertThat(capturing.leads(project)).isEqualTo(1);

        // Refused (a site not on the allowlist): the visitor reads why instead of an emptied form.
        browser.get(siteUrl("127.0.0.1", "/bare.html"));
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.name("email")));
        browser.findElement(By.name("email")).sendKeys(Capturing.email());
        browser.findElement(By.id("send")).click();
        waiting()
                .until(d -> !d.findElements(status).isEmpty()
                        && !d.findElement(status).getText().isBlank());
        assertThat(browser.findElement(status).getText()).isEqualTo("Origin or Referer not in project allowlist.");
        assertThat(capturing.leads(project)).isEqualTo(1);
    }

    @Test
    void aBeaconFromAPageBeingLeftCreatesALead() {
        // navigator.sendBeacon: no headers of its own (the key in ?api_key=), the JSON as text/plain, and
        // it is delivered even though the page is navigated away from at once.
        String email = Capturing.email();
        pages.put("/leaving.html", """
                <!doctype html><html><head><title>Bye</title></head><body><script>
                  navigator.sendBeacon('http://localhost:%d/api/public/lead?api_key=%s',
                      JSON.stringify({name: 'Zoë Beacon', email: '%s', source_url: location.href}));
                  location.href = '/landing.html';
                </script></body></html>""".formatted(port, project.key(), email));
        browser.get(siteUrl("localhost", "/leaving.html"));

        waiting().until(d -> capturing.leads(project) == 1);
        long id = jdbc.sql("select id from leads where workspace_id = ?")
                .param(project.workspaceId())
                .query(Long.class)
                .single();
        JsonNode lead = capturing.lead(project, id);
        assertThat(lead.get("email").asString()).isEqualTo(email);
        assertThat(lead.get("name").asString()).isEqualTo("Zoë Beacon");
        assertThat(lead.get("sourceUrl").asString()).isEqualTo(siteUrl("localhost", "/leaving.html"));
    }

    @Test
    void botFillingTheHoneypotSeesSuccessButNothingIsSent() {
        browser.get(siteUrl("localhost", "/contact.html"));
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.name("ll_website_url")));
        ((JavascriptExecutor) browser)
                .executeScript("document.querySelector('[name=ll_website_url]').value = 'http://spam.example';");
        fillAndSend(Capturing.email());

        waiting().until(d -> "success".equals(d.findElement(By.tagName("form")).getAttribute("data-leadline-state")));
        assertThat(browser.findElement(By.id("message")).getText()).isEqualTo("Thank you! We'll be in touch.");
        assertThat(capturing.submissions(project)).isZero();
        assertThat(capturing.leads(project)).isZero();
    }
}
