package com.example.hello.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Debian {@code chromium} and {@code chromium-driver} packages, driven headless by Selenium. Nothing is downloaded:
 * when they are missing the browser tests are skipped with a message, except under {@code CI=true}, where they fail
 * (CI installs them, see {@code .ci/run}: a CI run that skipped them would pass without testing the browser).
 * Start the browser from {@code @BeforeEach} (or a test), not {@code @BeforeAll}: a skip there is reported per test,
 * with the reason, where one in {@code @BeforeAll} shows as "Tests run: 0".
 */
public final class HeadlessChromium {
    private static final Path BROWSER = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    /**
     * Quiet about the DevTools protocol versions this Selenium lacks: the tests use WebDriver only. A field, so the
     * configured logger is not collected.
     */
    private static final Logger DEVTOOLS_LOG = Logger.getLogger("org.openqa.selenium.devtools");

    static {
        DEVTOOLS_LOG.setLevel(Level.SEVERE);
    }

    private HeadlessChromium() {
    }

    /**
     * Skips the calling test, with the reason, when something a browser test needs is missing; under {@code CI=true}
     * fails it instead (CI installs what the browser tests need: a run that skipped them would pass untested).
     *
     * @param installed whether it is there
     * @param missing   what is missing and how to install it
     */
    public static void assumeInstalled(boolean installed, String missing) {
        if (!installed && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true and the browser test cannot run: " + missing);
        }
        assumeTrue(installed, "Browser test skipped: " + missing);
    }

    /**
     * Starts a fresh browser (its own profile, no network calls of its own), or skips the test without one (fails it
     * under {@code CI=true}).
     *
     * @return the driver; quit it when done
     */
    public static ChromeDriver start() {
        boolean installed = Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
        String missing = "no " + BROWSER + " and " + DRIVER + " (Debian: apt-get install chromium chromium-driver)";
        assumeInstalled(installed, missing);
        ChromeOptions options = new ChromeOptions()
                .setBinary(BROWSER.toFile())
                .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                              "--disable-background-networking", "--disable-component-update", "--disable-sync",
                              "--no-first-run", "--window-size=1280,2000",
                              "--user-data-dir=" + freshProfile());
        // The console, to spot what the page's Content-Security-Policy blocks
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER.toString()))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return driver;
    }

    private static String freshProfile() {
        try {
            Path profile = Files.createTempDirectory("chromium-profile-");
            profile.toFile().deleteOnExit();
            return profile.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
