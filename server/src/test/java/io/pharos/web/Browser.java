package io.pharos.web;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Debian chromium, headless, driven through the Debian chromedriver. Both must be
 * installed (CI installs them): a missing one fails the test with the command that fixes it,
 * and nothing is ever downloaded (Selenium Manager is not used when both paths are given).
 */
final class Browser implements AutoCloseable {
    /** Generous for a busy 2-core machine, but bounded. */
    static final Duration WAIT = Duration.ofSeconds(15);

    final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    static Browser start() throws IOException {
        String chromium = executable("pharos.chromium", "CHROME_BIN", "/usr/bin/chromium");
        String chromedriver = executable("webdriver.chrome.driver", "CHROMEDRIVER", "/usr/bin/chromedriver");
        System.setProperty("webdriver.chrome.driver", chromedriver);
        Path profile = Files.createTempDirectory("pharos-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--window-size=1366,900",
                "--user-data-dir=" + profile);
        // The page's console, so tests can fail on a script error instead of on its symptoms.
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return new Browser(driver, profile);
    }

    private static String executable(String property, String env, String fallback) {
        String p = System.getProperty(property);
        if (p == null || p.isBlank()) {
            p = System.getenv(env);
        }
        if (p == null || p.isBlank()) {
            p = fallback;
        }
        if (!new File(p).canExecute()) {
            throw new IllegalStateException("The web UI tests need Debian's chromium and chromedriver, and " + p
                    + " is missing. Install them with: sudo apt-get install -y chromium chromium-driver"
                    + " (or point -D" + property + " / $" + env + " at them).");
        }
        return p;
    }

    /** Signs in on the page at {@code baseUrl} with a token, as a fresh visitor would. */
    void signIn(String baseUrl, String token) {
        driver.manage().deleteAllCookies();
        open(baseUrl + "/");
        until(ExpectedConditions.visibilityOfElementLocated(By.id("token"))).sendKeys(token);
        find("#signin").click();
        until(ExpectedConditions.presenceOfElementLocated(By.id("who")));
    }

    void open(String url) {
        driver.get(url);
    }

    <T> T until(ExpectedCondition<T> condition) {
        return until(WAIT, condition);
    }

    <T> T until(Duration timeout, ExpectedCondition<T> condition) {
        // Live pages redraw while a condition is being checked: a stale element just means "look again".
        return new WebDriverWait(driver, timeout, Duration.ofMillis(100))
                .ignoring(StaleElementReferenceException.class)
                .until(condition);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** An attribute of every element matching css, read in one step so a redraw cannot split it. */
    @SuppressWarnings("unchecked")
    List<String> attrs(String css, String attr) {
        return (List<String>) js("return [...document.querySelectorAll(arguments[0])].map(e => e.getAttribute(arguments[1]))",
                css, attr);
    }

    /** Clicks through the page's own handlers, on whatever element matches now. */
    void click(String css) {
        js("document.querySelector(arguments[0]).click()", css);
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /**
     * Script errors the page logged since the last call (uncaught exceptions, failed module
     * loads); refused API calls are left out, since some tests make them on purpose.
     */
    List<String> scriptErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(m -> !m.contains("Failed to load resource") && !m.contains("/api/events"))
                .toList();
    }

    /** A PNG of the whole page: the window is made as tall as the page first. */
    void screenshot(Path file, int width) throws IOException {
        Dimension before = driver.manage().window().getSize();
        driver.manage().window().setSize(new Dimension(width, 900));
        long height = (Long) js("return Math.ceil(document.documentElement.scrollHeight)");
        driver.manage().window().setSize(new Dimension(width, (int) Math.min(height + 140, 6000)));
        try {
            Thread.sleep(300); // let the layout settle after the resize
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.createDirectories(file.getParent());
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        driver.manage().window().setSize(before);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            } catch (IOException e) {
                // a temp folder left behind is harmless
            }
        }
    }
}
