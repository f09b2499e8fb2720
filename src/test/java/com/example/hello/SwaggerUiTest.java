package com.example.hello;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.example.hello.support.HeadlessChromium;
import com.example.hello.support.TestIssuer;

import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;

import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

/**
 * Swagger UI at /docs, in a real headless Chromium, as a user works it: Authorize with a token, then "Try it out" and
 * "Execute" on an operation; the page must show the server's real answer.
 */
@HelidonTest
class SwaggerUiTest {
    private static ChromeDriver browser;

    private final TestIssuer issuer = TestIssuer.shared();
    private final String docs;

    @Inject
    SwaggerUiTest(WebTarget target) {
        this.docs = target.getUri().resolve("/docs/").toString();
    }

    @AddConfigSource
    static ConfigSource config() {
        return TestIssuer.shared().config(Map.of());
    }

    @BeforeAll
    static void startBrowser() {
        browser = HeadlessChromium.start();
    }

    @AfterAll
    static void quitBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @AfterEach
    void pageBreaksNoContentSecurityPolicy() {
        List<String> blocked = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage)
                .filter(message -> message.contains("Content Security Policy"))
                .toList();
        assertThat("what the page's Content-Security-Policy blocked", blocked, is(empty()));
    }

    @Test
    void userTokenGetsTheProtectedMessageAndIsForbiddenTheAdminOne() {
        openDocs();
        authorize(issuer.token().sign());
        assertAnswer(execute("getProtectedMessage"), "200", "The API successfully validated your access token.");
        assertAnswer(execute("getAdminMessage"), "403", "Permission denied");
    }

    @Test
    void adminTokenGetsTheAdminMessage() {
        openDocs();
        authorize(issuer.adminToken());
        assertAnswer(execute("getAdminMessage"), "200", "The API successfully recognized you as an admin.");
    }

    @Test
    void withoutAuthorizingTheProtectedMessageIsRefused() {
        openDocs();
        assertAnswer(execute("getProtectedMessage"), "401", "Requires authentication");
        assertAnswer(execute("getPublicMessage"), "200",
                     "The API doesn't require an access token to share this message.");
    }

    private void openDocs() {
        browser.get(docs);
        waitFor().until(ExpectedConditions.elementToBeClickable(By.cssSelector(".btn.authorize")));
    }

    /** The "Authorize" dialog: paste the token for the bearer scheme, authorize, close. */
    private void authorize(String token) {
        browser.findElement(By.cssSelector(".btn.authorize")).click();
        WebElement dialog = waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".modal-ux")));
        dialog.findElement(By.cssSelector("input")).sendKeys(token);
        dialog.findElement(By.cssSelector("button.modal-btn.authorize")).click();
        waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".modal-ux button.btn-done")))
                .click();
        waitFor().until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".modal-ux")));
    }

    /** Opens the operation, "Try it out", "Execute"; returns the operation's block once the answer is shown. */
    private WebElement execute(String operationId) {
        WebElement operation = browser.findElement(By.id("operations-messages-" + operationId));
        if (operation.findElements(By.cssSelector(".try-out__btn")).isEmpty()) {
            operation.findElement(By.cssSelector(".opblock-summary-control")).click();
        }
        WebElement tryItOut = waitFor().until(d -> visible(operation, ".try-out__btn"));
        if (tryItOut.getText().contains("Try it out")) {
            tryItOut.click();
        }
        waitFor().until(d -> visible(operation, "button.execute")).click();
        waitFor().until(d -> visible(operation, ".live-responses-table .response-col_status"));
        return operation;
    }

    private static void assertAnswer(WebElement operation, String status, String text) {
        WebElement answer = operation.findElement(By.cssSelector(".live-responses-table tbody tr.response"));
        assertThat("status shown", answer.findElement(By.cssSelector(".response-col_status")).getText().trim(),
                   is(status));
        assertThat("body shown", answer.findElement(By.cssSelector(".response-col_description")).getText(),
                   containsString(text));
    }

    private static WebElement visible(WebElement scope, String css) {
        return scope.findElements(By.cssSelector(css)).stream().filter(WebElement::isDisplayed).findFirst()
                .orElse(null);
    }

    private static WebDriverWait waitFor() {
        return new WebDriverWait((WebDriver) browser, Duration.ofSeconds(15));
    }
}
