package com.example.hello;

import java.util.List;
import java.util.Map;

import com.example.hello.support.HeadlessChromium;
import com.example.hello.support.SwaggerUiPage;
import com.example.hello.support.TestIssuer;

import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;

import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;

import static com.example.hello.support.SwaggerUiPage.assertAnswer;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

/**
 * Swagger UI at /docs, in a real headless Chromium, as a user works it without a sign-in client configured: Authorize
 * with a pasted token, then "Try it out" and "Execute" on an operation; the page must show the server's real answer,
 * and before that the answers the contract documents, with their examples.
 * (Signing in: {@link SwaggerUiSignInTest}.)
 */
@HelidonTest
class SwaggerUiTest {
    private static ChromeDriver browser;

    private final TestIssuer issuer = TestIssuer.shared();
    private final String docs;
    private SwaggerUiPage page;

    @Inject
    SwaggerUiTest(WebTarget target) {
        this.docs = target.getUri().resolve("/docs/").toString();
    }

    @AddConfigSource
    static ConfigSource config() {
        return TestIssuer.shared().config(Map.of());
    }

    /** Per test, not @BeforeAll: without Chromium each test is reported skipped, with the reason. */
    @BeforeEach
    void startBrowser() {
        if (browser == null) {
            browser = HeadlessChromium.start();
        }
        page = new SwaggerUiPage(browser);
    }

    @AfterAll
    static void quitBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @AfterEach
    void pageBreaksNoContentSecurityPolicy() {
        if (page == null) {
            return; // skipped: no browser
        }
        assertThat("what the page's Content-Security-Policy blocked", page.blockedByContentSecurityPolicy(),
                   is(empty()));
    }

    @Test
    void withoutASignInClientTheDialogOffersTheBearerFieldOnly() {
        page.open(docs);
        assertThat(page.authorizationSchemes(), is(List.of("bearerAuth  (http, Bearer)")));
    }

    @Test
    void userTokenGetsTheProtectedMessageAndIsForbiddenTheAdminOne() {
        page.open(docs).authorizeWithToken(issuer.token().sign());
        assertAnswer(page.execute("getProtectedMessage"), "200", "The API successfully validated your access token.");
        assertAnswer(page.execute("getAdminMessage"), "403", "Permission denied");
    }

    @Test
    void adminTokenGetsTheAdminMessage() {
        page.open(docs).authorizeWithToken(issuer.adminToken());
        assertAnswer(page.execute("getAdminMessage"), "200", "The API successfully recognized you as an admin.");
    }

    @Test
    void theAdminOperationShowsItsDocumentedAnswersBeforeItIsTried() {
        Map<String, String> answers = page.open(docs).documentedAnswers("getAdminMessage");

        assertThat(answers.keySet(), containsInAnyOrder("200", "401", "403", "500"));
        assertThat(answers.get("200"), containsString("The API successfully recognized you as an admin."));
        assertThat(answers.get("401"), allOf(containsString("No access token"),
                                             containsString("The access token was refused"),
                                             containsString("Requires authentication")));
        assertThat(answers.get("403"), allOf(containsString("The token lacks read:admin-messages"),
                                             containsString("The token has no permissions claim at all"),
                                             containsString("Permission denied")));
    }

    @Test
    void withoutAuthorizingTheProtectedMessageIsRefused() {
        page.open(docs);
        assertAnswer(page.execute("getProtectedMessage"), "401", "Requires authentication");
        assertAnswer(page.execute("getPublicMessage"), "200",
                     "The API doesn't require an access token to share this message.");
    }
}
