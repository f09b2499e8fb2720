package com.example.hello.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/** Swagger UI at /docs in a browser, worked as a user works it: Authorize, Try it out, Execute. */
public final class SwaggerUiPage {
    /** Generous: the browser shares two loaded cores with the server and other builds. */
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final WebDriver browser;

    /** @param browser a started browser ({@link HeadlessChromium#start()}) */
    public SwaggerUiPage(WebDriver browser) {
        this.browser = browser;
    }

    /** Opens Swagger UI and waits until it shows the contract. */
    public SwaggerUiPage open(String docsUrl) {
        browser.get(docsUrl);
        waitFor().until(ExpectedConditions.elementToBeClickable(By.cssSelector(".btn.authorize")));
        return this;
    }

    /** @return the headings of the Authorize dialog's schemes, e.g. {@code bearerAuth (http, Bearer)} */
    public List<String> authorizationSchemes() {
        WebElement dialog = openAuthorizeDialog();
        List<String> schemes = dialog.findElements(By.cssSelector(".auth-container h4")).stream()
                .map(WebElement::getText).map(String::trim).toList();
        closeAuthorizeDialog();
        return schemes;
    }

    /** The "Authorize" dialog: paste the token for the bearer scheme, authorize, close. */
    public void authorizeWithToken(String token) {
        WebElement scheme = scheme(openAuthorizeDialog(), "bearerAuth");
        scheme.findElement(By.cssSelector("input")).sendKeys(token);
        scheme.findElement(By.cssSelector("button.modal-btn.authorize")).click();
        closeAuthorizeDialog();
    }

    /**
     * The "Authorize" dialog's sign-in: its button opens the issuer's page in a new window; {@code signIn} works
     * that page; back in Swagger UI, the scheme shows as authorized and the dialog is closed.
     */
    public void signIn(String schemeName, java.util.function.Consumer<WebDriver> signIn) {
        String swaggerUi = browser.getWindowHandle();
        Set<String> before = browser.getWindowHandles();
        WebElement scheme = scheme(openAuthorizeDialog(), schemeName);
        scheme.findElement(By.cssSelector("button.modal-btn.authorize")).click();
        String popup = waitFor().until(d -> d.getWindowHandles().stream()
                .filter(handle -> !before.contains(handle)).findFirst().orElse(null));
        browser.switchTo().window(popup);
        signIn.accept(browser);
        waitFor().until(d -> !d.getWindowHandles().contains(popup));
        browser.switchTo().window(swaggerUi);
        waitFor().until(d -> scheme(d.findElement(By.cssSelector(".modal-ux")), schemeName)
                .findElements(By.xpath(".//button[normalize-space()='Logout']")).size() == 1);
        closeAuthorizeDialog();
    }

    /** Opens the operation, "Try it out", "Execute"; returns the operation's block once the answer is shown. */
    public WebElement execute(String operationId) {
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

    /**
     * Opens the operation (without trying it out) and returns the answers its contract documents, by status: each
     * row's text as shown, its description and example (for named examples, the choice of their summaries and the
     * one shown).
     */
    public Map<String, String> documentedAnswers(String operationId) {
        WebElement operation = browser.findElement(By.id("operations-messages-" + operationId));
        operation.findElement(By.cssSelector(".opblock-summary-control")).click();
        By rows = By.cssSelector(".responses-table:not(.live-responses-table) > tbody > tr.response");
        waitFor().until(d -> !operation.findElements(rows).isEmpty());
        return operation.findElements(rows).stream()
                .collect(Collectors.toMap(row -> row.getDomAttribute("data-code"), WebElement::getText));
    }

    /** Asserts the status and a text of the answer Swagger UI shows for an executed operation. */
    public static void assertAnswer(WebElement operation, String status, String text) {
        WebElement answer = operation.findElement(By.cssSelector(".live-responses-table tbody tr.response"));
        assertThat("status shown", answer.findElement(By.cssSelector(".response-col_status")).getText().trim(),
                   is(status));
        assertThat("body shown", answer.findElement(By.cssSelector(".response-col_description")).getText(),
                   containsString(text));
    }

    /** @return what the pages' Content-Security-Policies blocked, from the browser's console, since the last call */
    public List<String> blockedByContentSecurityPolicy() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage)
                .filter(message -> message.contains("Content Security Policy"))
                .toList();
    }

    private WebElement openAuthorizeDialog() {
        browser.findElement(By.cssSelector(".btn.authorize")).click();
        return waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".modal-ux")));
    }

    private void closeAuthorizeDialog() {
        waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".modal-ux button.btn-done")))
                .click();
        waitFor().until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".modal-ux")));
    }

    private static WebElement scheme(WebElement dialog, String name) {
        return dialog.findElements(By.cssSelector(".auth-container")).stream()
                .filter(container -> container.findElement(By.cssSelector("h4")).getText().trim()
                        .startsWith(name + " "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no scheme " + name + " in the Authorize dialog"));
    }

    private static WebElement visible(WebElement scope, String css) {
        return scope.findElements(By.cssSelector(css)).stream().filter(WebElement::isDisplayed).findFirst()
                .orElse(null);
    }

    private WebDriverWait waitFor() {
        return new WebDriverWait(browser, WAIT);
    }
}
