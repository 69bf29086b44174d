package io.leadline.dashboard;

import io.leadline.testing.Chromium;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through Debian's chromedriver; nothing is downloaded at test
 * time (Selenium Manager is bypassed by naming both binaries). Screenshots go to target/screenshots.
 */
final class Browser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final ChromeDriver driver;
    private final String base;
    private final Path profile;

    Browser(String base) throws IOException {
        this.base = base;
        this.profile = Files.createTempDirectory("leadline-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(Chromium.BINARY.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile,
                "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Chromium.DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        this.driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    WebDriver driver() {
        return driver;
    }

    void open(String path) {
        driver.get(base + path);
    }

    String path() {
        String url = driver.getCurrentUrl();
        return url.startsWith(base) ? url.substring(base.length()) : url;
    }

    WebElement find(String css) {
        return new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    boolean present(String css) {
        return !driver.findElements(By.cssSelector(css)).isEmpty();
    }

    void type(String css, String text) {
        WebElement input = find(css);
        input.clear();
        input.sendKeys(text);
    }

    /** Clicks something that loads a new page, and waits until the new page is there. */
    void clickAndWait(String css) {
        WebElement html = driver.findElement(By.tagName("html"));
        find(css).click();
        awaitGone(html);
        new WebDriverWait(driver, Duration.ofSeconds(15))
                .until(d -> "complete".equals(((ChromeDriver) d).executeScript("return document.readyState")));
    }

    /** Like {@link #clickAndWait} for a button whose form asks for confirmation first. */
    void clickConfirmAndWait(String css) {
        WebElement html = driver.findElement(By.tagName("html"));
        find(css).click();
        new WebDriverWait(driver, Duration.ofSeconds(5))
                .until(ExpectedConditions.alertIsPresent())
                .accept();
        awaitGone(html);
    }

    /**
     * Waits until the page that held {@code html} is gone. Chromium sometimes reports a node of the
     * old document with an inspector error instead of a stale-element error while it swaps pages, so
     * any driver error about the old node counts as "gone".
     */
    private void awaitGone(WebElement html) {
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> {
            try {
                html.isEnabled();
                return false;
            } catch (org.openqa.selenium.WebDriverException e) {
                return true;
            }
        });
    }

    /** Shows pages as a reader in {@code zone} sees them (an IANA id); "" for the machine's own zone. */
    void timeZone(String zone) {
        driver.executeCdpCommand("Emulation.setTimezoneOverride", java.util.Map.of("timezoneId", zone));
    }

    /** Runs a script in the page and returns what it returns. */
    Object script(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    String text(String css) {
        return find(css).getText();
    }

    String pageText() {
        return driver.findElement(By.tagName("body")).getText();
    }

    /** Signs up as a new visitor would (a signed-in person is sent from /signup to the app). */
    void signUp(String name, String email, String password, String workspace) {
        open("/login");
        driver.manage().deleteAllCookies();
        open("/signup");
        type("#name", name);
        type("#email", email);
        type("#password", password);
        type("#workspace", workspace);
        clickAndWait("#create-account");
    }

    void signIn(String email, String password) {
        open("/login");
        type("#email", email);
        type("#password", password);
        clickAndWait("#sign-in");
    }

    void signOut() {
        clickAndWait("#sign-out");
    }

    void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Saves a PNG of the whole page under target/screenshots. */
    void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Object height = driver.executeScript("return document.documentElement.scrollHeight");
        Dimension window = driver.manage().window().getSize();
        int full = Math.min(4000, ((Number) height).intValue() + 140);
        if (full > window.getHeight()) {
            driver.manage().window().setSize(new Dimension(window.getWidth(), full));
        }
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        driver.manage().window().setSize(window);
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }
}
