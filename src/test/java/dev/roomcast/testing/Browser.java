package dev.roomcast.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its own chromedriver (never a downloaded browser). The flags
 * keep Chromium off the network it cannot reach here; each browser gets a fresh profile.
 */
public final class Browser implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final Path profile;

    public Browser() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new AssertionError("browser tests need Debian's chromium and chromium-driver (mvn verify installs them through .ci/test-tools)");
        }
        try {
            profile = Files.createTempDirectory("roomcast-chromium");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--disable-dev-shm-usage", "--window-size=1200,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
    }

    public ChromeDriver driver() {
        return driver;
    }

    /**
     * Makes the viewport {@code width} x {@code height} CSS pixels; {@code mobile} also makes Chromium honour the
     * page's viewport meta tag and widen the layout to fit content, as a phone's browser does.
     */
    public void emulate(int width, int height, boolean mobile) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", java.util.Map.of(
                "width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
    }

    /** Runs {@code script} in the page ({@code arguments[i]} are {@code args}) and returns its result. */
    public Object script(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    public void open(java.net.URI page) {
        driver.get(page.toString());
    }

    /**
     * Waits until the element's text contains {@code expected} and returns the whole text. The page re-renders
     * lists (the room list on every unread count), so an element found in one poll may be gone by the time its
     * text is read: each poll finds it again, and a stale one only means "look again".
     */
    public String awaitText(By element, String expected) {
        return new WebDriverWait(driver, WsClient.PATIENCE)
                .pollingEvery(Duration.ofMillis(100))
                .ignoring(StaleElementReferenceException.class)
                .withMessage(() -> "'" + expected + "' never appeared in " + element + "; the page shows: "
                        + driver.findElement(element).getText())
                .until(d -> {
                    String text = d.findElement(element).getText();
                    return text.contains(expected) ? text : null;
                });
    }

    /** Runs axe-core in the page and fails on any violation of impact serious or critical. */
    public void assertNoSeriousViolations(String screen) {
        try {
            script(Files.readString(Path.of(System.getProperty("axe.script"))));
        } catch (java.io.IOException e) {
            throw new AssertionError("axe-core is installed by mvn verify (npm, into target/axe)", e);
        }
        Object result = driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "axe.run(document).then(r => done(r.violations.filter(v => v.impact === 'serious' "
                + "|| v.impact === 'critical').map(v => v.id + ': ' + v.help + ' (' + v.nodes.map(n => n.target)"
                + ".join(' ') + ')')), e => done(['axe failed: ' + e]))");
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(), result, "axe-core on the " + screen + " screen");
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (java.io.IOException ignored) {
            // a leftover temporary profile is harmless
        }
    }
}
