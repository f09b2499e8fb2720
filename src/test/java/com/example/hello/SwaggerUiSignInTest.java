package com.example.hello;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.example.hello.support.AppProcess;
import com.example.hello.support.HeadlessChromium;
import com.example.hello.support.SwaggerUiPage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import static com.example.hello.support.SwaggerUiPage.assertAnswer;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

/**
 * Signing in from Swagger UI, end to end in a headless Chromium, against the development issuer (the same flow as
 * with Auth0: Authorization Code with PKCE in a popup, the code exchanged by the page): the admin message for a
 * developer who chose the permission, the JSON 403 for one who did not, and the pasted token still works beside it.
 */
class SwaggerUiSignInTest {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern ADMIN_CURL = Pattern.compile("/api/messages/admin --header 'authorization: Bearer ([^']+)'");

    @TempDir
    static Path directory;

    private static AppProcess app;
    private static String docs;
    private static ChromeDriver browser;
    private SwaggerUiPage page;

    @BeforeAll
    static void startInDevelopmentMode() {
        app = AppProcess.start(directory, Map.of("PORT", "0", "DEV_KEY_FILE", directory.resolve("dev.pk8").toString()),
                               "--dev");
        int port = app.awaitStartedPort(START_TIMEOUT);
        app.awaitStdout(line -> line.startsWith("More tokens:"), START_TIMEOUT);
        docs = URI.create("http://127.0.0.1:" + port + "/docs/").toString();
    }

    /** Per test, not @BeforeAll: without Chromium each test is reported skipped, with the reason. */
    @BeforeEach
    void startBrowser() {
        if (browser == null) {
            browser = HeadlessChromium.start();
        }
        page = new SwaggerUiPage(browser);
    }

    @AfterEach
    void pagesBreakNoContentSecurityPolicy() {
        if (page == null) {
            return; // skipped: no browser
        }
        assertThat("what the pages' Content-Security-Policies blocked", page.blockedByContentSecurityPolicy(),
                   is(empty()));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (app != null) {
            app.close();
        }
    }

    @Test
    void theDialogOffersTheSignInBesideTheBearerField() {
        page.open(docs);
        assertThat(page.authorizationSchemes(),
                   is(List.of("bearerAuth  (http, Bearer)", "auth0 (OAuth2, authorizationCode with PKCE)")));
    }

    @Test
    void signedInWithThePermissionTheAdminMessageIsShown() {
        page.open(docs).signIn("auth0", developer("dev|alice", true));
        assertAnswer(page.execute("getAdminMessage"), "200", "The API successfully recognized you as an admin.");
    }

    @Test
    void signedInWithoutThePermissionTheAdminMessageIsForbidden() {
        page.open(docs).signIn("auth0", developer("dev|bob", false));
        assertAnswer(page.execute("getProtectedMessage"), "200", "The API successfully validated your access token.");
        assertAnswer(page.execute("getAdminMessage"), "403", "Permission denied");
    }

    @Test
    void aPastedTokenStillWorks() {
        String adminToken = app.stdout().stream().map(ADMIN_CURL::matcher).filter(java.util.regex.Matcher::find)
                .findFirst().orElseThrow().group(1);
        page.open(docs).authorizeWithToken(adminToken);
        assertAnswer(page.execute("getAdminMessage"), "200", "The API successfully recognized you as an admin.");
    }

    /** The development sign-in page, as the developer fills it in. */
    private static java.util.function.Consumer<WebDriver> developer(String subject, boolean admin) {
        return signInPage -> {
            WebElement subjectField = signInPage.findElement(By.name("subject"));
            subjectField.clear();
            subjectField.sendKeys(subject);
            WebElement permission = signInPage.findElement(By.name("permission"));
            if (permission.isSelected() != admin) {
                permission.click();
            }
            signInPage.findElement(By.cssSelector("button[type=submit]")).click();
        };
    }
}
