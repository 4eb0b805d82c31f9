package io.gatehouse.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium (Debian's chromium and chromium-driver, paths from it.chromium / it.chromedriver,
 * so Selenium Manager never downloads anything) driving the console of the deployed WAR. One per
 * test class; screenshots go to target/screenshots.
 */
final class ConsoleBrowser implements AutoCloseable {
    static final Dimension DESKTOP = new Dimension(1280, 800);
    static final Dimension PHONE = new Dimension(390, 844);

    final WebDriver driver;
    private final String base;
    private final Path profile;
    private final Path downloads;

    ConsoleBrowser(URL deployment) {
        this(deployment, false);
    }

    /** With networkLog, Chromium keeps its performance log, which {@link #requestedUrls()} reads. */
    ConsoleBrowser(URL deployment, boolean networkLog) {
        this.base = deployment.toString();
        try {
            profile = Files.createTempDirectory("gatehouse-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("it.chromium", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-extensions", "--user-data-dir=" + profile, "--window-size=1280,800", "--lang=en-US");
        if (networkLog) {
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.PERFORMANCE, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            options.setExperimentalOption("perfLoggingPrefs", Map.of("enableNetwork", true, "enablePage", false));
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(System.getProperty("it.chromedriver", "/usr/bin/chromedriver")).toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        downloads = profile.resolve("downloads");
        ((ChromeDriver) driver).executeCdpCommand("Browser.setDownloadBehavior",
                Map.of("behavior", "allow", "downloadPath", downloads.toString()));
        viewport(DESKTOP);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    /** Sizes the window so that the page itself (the viewport) is this big, e.g. 1280×800 or a phone's 390×844. */
    void viewport(Dimension size) {
        driver.manage().window().setSize(size);
        JavascriptExecutor js = (JavascriptExecutor) driver;
        long innerWidth = (Long) js.executeScript("return window.innerWidth;");
        long innerHeight = (Long) js.executeScript("return window.innerHeight;");
        driver.manage().window().setSize(new Dimension(size.getWidth() * 2 - (int) innerWidth, size.getHeight() * 2 - (int) innerHeight));
    }

    void open(String path) {
        driver.get(base + path);
    }

    /** Signs in as the bootstrap admin (the suite sets its password) and lands on the project list. */
    void signIn() {
        open("console/login.xhtml");
        type(By.id("signIn:username"), "admin");
        type(By.id("signIn:password"), System.getProperty("it.admin.password"));
        driver.findElement(By.id("signIn:submit")).click();
        waitFor(By.cssSelector("h1.gh-title"));
    }

    void type(By field, String text) {
        WebElement element = waitFor(field);
        element.clear();
        element.sendKeys(text);
    }

    /**
     * Drags a table row by its handle onto the row above it, in the small steps PrimeFaces' sortable
     * needs to notice a drag (one jump is a click).
     */
    void dragAbove(WebElement handle, WebElement above) {
        int dy = above.getLocation().getY() - handle.getLocation().getY();
        new org.openqa.selenium.interactions.Actions(driver).moveToElement(handle).clickAndHold().pause(Duration.ofMillis(150))
                .moveByOffset(0, -2).pause(Duration.ofMillis(100))
                .moveByOffset(0, dy / 2).pause(Duration.ofMillis(100))
                .moveByOffset(0, dy / 2 - 10).pause(Duration.ofMillis(200))
                .release().perform();
    }

    WebElement waitFor(By by) {
        return waiting().until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    void waitForText(By by, String text) {
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    /** Waits of up to 20 s that look every 25 ms (the default 500 ms would blur the benchmark's timings). */
    WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20), Duration.ofMillis(25));
        // an element found just before the page it was on is replaced (a form posted, a redirect) fails as
        // stale, or with chromedriver as a bare WebDriverException ("Node with given id does not belong to
        // the document"): look again. A condition that never holds still fails after the 20 s.
        wait.ignoring(org.openqa.selenium.WebDriverException.class);
        return wait;
    }

    /** Waits until PrimeFaces has no Ajax request in flight. */
    void ajaxDone() {
        waiting().until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(
                "return document.readyState === 'complete' && (!window.PrimeFaces || !PrimeFaces.ajax || PrimeFaces.ajax.Queue.isEmpty());")));
    }

    /** The page's global messages (info and errors), as shown. */
    String messages() {
        List<WebElement> shown = driver.findElements(By.cssSelector("#messages li, #messages .ui-messages-error-summary, #messages .ui-messages-info-summary"));
        StringBuilder text = new StringBuilder();
        shown.forEach(e -> text.append(e.getText()).append('\n'));
        return text.toString();
    }

    /** The text of a file the browser downloaded (waits for it to arrive). */
    String downloaded(String fileName) {
        Path file = downloads.resolve(fileName);
        waiting().until(d -> Files.isRegularFile(file)
                && !Files.exists(downloads.resolve(fileName + ".crdownload")));
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The URLs the browser requested since the last call, redirects included (Chromium's performance
     * log, for a browser made with networkLog): what a page alone cannot show, such as where a chain
     * of redirects went on its way.
     */
    List<String> requestedUrls() {
        return driver.manage().logs().get(LogType.PERFORMANCE).getAll().stream().map(e -> json(e.getMessage()).path("message"))
                .filter(m -> "Network.requestWillBeSent".equals(m.path("method").asText()))
                .map(m -> m.path("params").path("request").path("url").asText()).toList();
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String source() {
        return driver.getPageSource();
    }

    String url() {
        return driver.getCurrentUrl();
    }

    /** Saves a PNG of the whole page (not only the viewport) under target/screenshots. */
    void screenshot(String name) {
        Path dir = Path.of(System.getProperty("it.screenshots", "target/screenshots"));
        try {
            Files.createDirectories(dir);
            JavascriptExecutor js = (JavascriptExecutor) driver;
            long width = (Long) js.executeScript("return document.documentElement.clientWidth;");
            long height = (Long) js.executeScript("return Math.min(5000, Math.max(document.body.scrollHeight, document.documentElement.scrollHeight));");
            Map<String, Object> shot = ((ChromeDriver) driver).executeCdpCommand("Page.captureScreenshot", Map.of(
                    "format", "png", "captureBeyondViewport", true,
                    "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
            Files.write(dir.resolve(name + ".png"), Base64.getDecoder().decode((String) shot.get("data")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary profile left behind is harmless
            }
        }
    }
}
