package cn.jifen.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by Debian's chromedriver. Both paths are explicit, so Selenium
 * Manager never runs and nothing is downloaded. Without them a browser test fails with the command
 * that installs them (.ci/run installs them on a fresh machine): it never passes by being skipped.
 */
public final class Browser implements AutoCloseable {
    static final File CHROMIUM = new File(System.getProperty("jifen.chromium", "/usr/bin/chromium"));
    static final File CHROMEDRIVER = new File(System.getProperty("jifen.chromedriver", "/usr/bin/chromedriver"));
    static final Duration WAIT = Duration.ofSeconds(15);

    public final ChromeDriver driver;
    public final WebDriverWait wait;
    private final Path profile;
    private final Path screenshots;
    private String base = "http://localhost:8080";

    private Browser(ChromeDriver driver, Path profile, Path screenshots) {
        this.driver = driver;
        // A condition may read the page while a form's answer replaces it: Chromium then reports the element of the
        // old document as not belonging to the document (a plain WebDriverException, not a stale-element one). Ask
        // again instead of failing; a condition that never holds still ends in the wait's timeout.
        this.wait = new WebDriverWait(driver, WAIT);
        this.wait.ignoring(WebDriverException.class);
        this.profile = profile;
        this.screenshots = screenshots;
    }

    /** Points {@link #get} at the test server's port. */
    public Browser at(int port) {
        this.base = "http://localhost:" + port;
        return this;
    }

    public void get(String path) {
        driver.get(base + path);
    }

    /** Logs in through the login form (cookies of an earlier login are dropped first). */
    public void logIn(String username, String password) {
        driver.manage().deleteAllCookies();
        get("/login");
        type(By.name("username"), username);
        type(By.name("password"), password);
        click(By.id("login-submit"));
        wait.until(d -> !d.getCurrentUrl().matches(".*/login/?(\\?.*)?$"));
    }

    public void type(By by, String text) {
        WebElement e = wait.until(ExpectedConditions.visibilityOfElementLocated(by));
        e.clear();
        e.sendKeys(text);
    }

    /** Clicks once the element is clickable, scrolled to the middle of the small window first. */
    public void click(By by) {
        click(wait.until(ExpectedConditions.elementToBeClickable(by)));
    }

    /** Clicks an element found some other way (inside a list line, say), scrolled to the middle of the window first. */
    public void click(WebElement e) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", e);
        e.click();
    }

    /**
     * The page has settled — loaded, and no htmx request under way — with no sideways scrolling at the window's width;
     * saves a screenshot named {@code shot}.
     */
    public void settled(String shot) {
        wait.until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
        wait.until(d -> d.findElements(By.cssSelector(".htmx-request")).isEmpty());
        assertNoHorizontalScroll();
        screenshot(shot);
    }

    public String text(By by) {
        return driver.findElement(by).getText().strip();
    }

    public void assertNoHorizontalScroll() {
        assertThat(overflow())
                .as("horizontal overflow at " + innerWidth() + " px on " + driver.getCurrentUrl()).isNull();
    }

    /** Fails, naming the install command, when Chromium or its driver is not installed. */
    public static void requireInstalled() {
        if (!(CHROMIUM.canExecute() && CHROMEDRIVER.canExecute())) {
            fail("Browser test needs " + CHROMIUM + " and " + CHROMEDRIVER
                    + " (Debian packages: apt-get install -y chromium chromium-driver; .ci/run installs them).");
        }
    }

    /** A fresh headless browser with a phone-sized window (360 x 740 CSS pixels). */
    public static Browser phone() throws IOException {
        return phone(new String[0]);
    }

    /**
     * A phone-sized headless browser started with extra Chromium switches, e.g. a fake camera
     * ({@link FakeCamera#switches}).
     */
    public static Browser phone(String... extraArguments) throws IOException {
        requireInstalled();
        Path screenshots = screenshotDir();
        Path profile = Files.createTempDirectory("jifen-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--no-default-browser-check", "--lang=zh-CN",
                "--force-device-scale-factor=1", "--window-size=360,740",
                "--user-data-dir=" + profile.toAbsolutePath());
        options.addArguments(extraArguments);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "zh-CN,zh"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort()
                .withSilent(true)
                .build();
        ChromeDriver driver;
        try {
            driver = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            deleteQuietly(profile);
            throw e;
        }
        Browser browser = new Browser(driver, profile, screenshots);
        try {
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            driver.manage().window().setSize(new Dimension(360, 740));
            // in headless mode the window still counts browser chrome: grow it so the page itself gets 360 x 740
            int innerWidth = browser.innerWidth();
            int innerHeight = ((Number) browser.js("return window.innerHeight")).intValue();
            if (innerWidth != 360 || innerHeight != 740) {
                driver.manage().window().setSize(new Dimension(360 + 360 - innerWidth, 740 + 740 - innerHeight));
            }
        } catch (RuntimeException e) {
            browser.close();
            throw e;
        }
        return browser;
    }

    /**
     * The screenshot folder: -Djifen.screenshots, else screenshots/ inside the build folder that holds
     * the test classes (so -Djifen.buildDir=target-ci gives target-ci/screenshots), else target/screenshots.
     */
    public static Path screenshotDir() {
        String configured = System.getProperty("jifen.screenshots");
        Path dir;
        if (configured != null && !configured.isBlank()) {
            dir = Paths.get(configured);
        } else {
            dir = Paths.get("target", "screenshots");
            try {
                Path classes = Paths.get(Browser.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                if (Files.isDirectory(classes) && classes.getParent() != null) {
                    dir = classes.getParent().resolve("screenshots");
                }
            } catch (URISyntaxException | RuntimeException ignored) {
                // keep target/screenshots
            }
        }
        try {
            return Files.createDirectories(dir.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Saves the whole page (not only the viewport) as NAME.png and returns the file. */
    public Path screenshot(String name) {
        Path file = screenshots.resolve(name + ".png");
        try {
            byte[] png;
            try {
                Number width = (Number) js("return Math.max(document.documentElement.scrollWidth, window.innerWidth)");
                Number height = (Number) js("return Math.max(document.documentElement.scrollHeight, window.innerHeight)");
                Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of(
                        "format", "png", "captureBeyondViewport", true,
                        "clip", Map.of("x", 0, "y", 0, "width", width, "height", Math.min(height.intValue(), 6000),
                                "scale", 1)));
                png = Base64.getDecoder().decode((String) shot.get("data"));
            } catch (RuntimeException cdpFailed) {
                png = driver.getScreenshotAs(OutputType.BYTES);
            }
            Files.write(file, png);
        } catch (IOException | RuntimeException e) {
            System.err.println("[browser] could not save screenshot " + file + ": " + e);
        }
        System.out.println("[browser] screenshot " + file);
        return file;
    }

    public Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Horizontal overflow at the current width: content wider than the viewport means sideways scrolling. */
    public String overflow() {
        Object result = js("""
                const vw = window.innerWidth;
                if (document.documentElement.scrollWidth <= vw + 1) return null;
                const wide = [];
                for (const el of document.querySelectorAll('body *')) {
                  const r = el.getBoundingClientRect();
                  if (r.right > vw + 1 && r.width > 0) {
                    wide.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                      + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().replace(/\\s+/g, '.') : '')
                      + ' right=' + Math.round(r.right));
                    if (wide.length >= 8) break;
                  }
                }
                return 'scrollWidth=' + document.documentElement.scrollWidth + ' innerWidth=' + vw
                  + ' widest elements: ' + wide.join(', ');
                """);
        return (String) result;
    }

    int innerWidth() {
        return ((Number) js("return window.innerWidth")).intValue();
    }

    WebDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteQuietly(profile);
        }
    }

    static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a locked file in a temp dir is harmless
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
