// SPDX-License-Identifier: Apache-2.0
package dev.velos.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium from Debian's {@code chromium} and {@code chromium-driver} packages, driven
 * through WebDriver (no downloaded browser builds). Started the way this machine needs it: as
 * root without the sandbox, without the background networking that a closed network refuses,
 * with a fresh profile. Every page error is collected, so a test can fail on it: uncaught
 * exceptions and rejections, resources that fail to load, Content-Security-Policy violations
 * (recorded by a script added before any page script runs), and the console's SEVERE entries.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target/screenshots");

    /** Runs in every document before its own scripts; what it records, {@link #errors()} reports. */
    private static final String ERROR_RECORDER = """
            window.__pageErrors = [];
            window.addEventListener('error', e => {
              const t = e.target;
              window.__pageErrors.push(t && t !== window && (t.src || t.href)
                ? 'failed to load ' + (t.src || t.href)
                : 'uncaught: ' + e.message + ' at ' + e.filename + ':' + e.lineno);
            }, true);
            window.addEventListener('unhandledrejection', e =>
              window.__pageErrors.push('unhandled rejection: ' + (e.reason && e.reason.message || e.reason)));
            document.addEventListener('securitypolicyviolation', e =>
              window.__pageErrors.push('CSP violation: ' + e.violatedDirective + ' blocked ' + e.blockedURI));
            """;

    final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /**
     * Skips the calling test, saying why, when Chromium or its driver is not installed; under CI
     * (which installs both) their absence fails instead, so the browser tests never vanish silently.
     */
    static void assumeInstalled() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI must install chromium and chromium-driver (.ci/run does)");
        }
        if (!installed) {
            System.out.println("[browser tests] skipped: " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing (apt-get install chromium chromium-driver)");
        }
        Assumptions.assumeTrue(installed, "chromium and chromium-driver are not installed");
    }

    static Browser start(int width, int height) {
        assumeInstalled();
        Path profile;
        try {
            profile = Files.createTempDirectory("velos-chromium-");
        } catch (IOException e) {
            throw new AssertionError("cannot make a Chromium profile directory", e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height);
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().withLogOutput(java.io.OutputStream.nullOutputStream()).build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", ERROR_RECORDER));
        driver.manage().window().setSize(new Dimension(width, height));
        return new Browser(driver, profile);
    }

    /** Waits up to 30 s; elements the page redraws meanwhile (rows, charts) are looked up again. */
    WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(100));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** Every page error so far (see the class comment); reading the console log empties it. */
    List<String> errors() {
        List<String> errors = new ArrayList<>();
        Object recorded = script("return window.__pageErrors || []");
        if (recorded instanceof List<?> list) {
            list.forEach(e -> errors.add(String.valueOf(e)));
        }
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            // The level by name: java.util.logging's Level is not readable from this test module.
            if ("SEVERE".equals(String.valueOf(e.toJson().get("level")))) {
                errors.add("console: " + e.getMessage());
            }
        }
        return errors;
    }

    /** Saves the page as {@code target/screenshots/<name>.png}; returns the file. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Path target = SCREENSHOTS.resolve(name + ".png");
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new AssertionError("cannot save the screenshot " + name, e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // A leftover profile in /tmp is harmless.
            }
        }
    }
}
