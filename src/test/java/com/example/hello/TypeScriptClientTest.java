package com.example.hello;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.example.hello.support.HeadlessChromium;
import com.example.hello.support.Http;
import com.example.hello.support.TestIssuer;
import com.sun.net.httpserver.HttpServer;

import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.client.WebTarget;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;

import static com.example.hello.support.Responses.header;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * The TypeScript client README shows, in a real headless Chromium: the build generates it from openapi.yaml, type-checks
 * it with README's example and bundles both into a page ({@code src/test/typescript}, Maven profile
 * {@code typescript-client}). The page is served from CLIENT_ORIGIN_URL and calls the API cross-origin through the
 * example, so the browser enforces CORS. These answers do not pass the contract-checking client: each is asserted here
 * exactly as the page sees it.
 */
@HelidonTest
class TypeScriptClientTest {
    private static final Path EXAMPLE = Path.of("src/test/typescript/readme-example.ts");
    private static final Path BUNDLE = Path.of("target/typescript-client-test/dist/client-page.js");
    private static final String PAGE = "<!doctype html><meta charset=\"utf-8\"><title>TypeScript client</title>"
            + "<script src=\"/client-page.js\"></script>";
    private static final String CHALLENGE = "Bearer realm=\"hello-world-api\"";
    /** What the page sees when the browser withholds an answer: the client's FetchError around fetch's TypeError. */
    private static final JsonObject BLOCKED = Json.createObjectBuilder()
            .add("thrown", "FetchError").add("cause", "TypeError").add("causeMessage", "Failed to fetch").build();

    /** Serves the page on 127.0.0.1: as http://localhost:PORT it is the allowed origin, as http://127.0.0.1:PORT not. */
    private static final HttpServer PAGE_SERVER = startPageServer();
    private static final String CLIENT_ORIGIN = "http://localhost:" + PAGE_SERVER.getAddress().getPort();
    private static final String OTHER_ORIGIN = "http://127.0.0.1:" + PAGE_SERVER.getAddress().getPort();

    private static ChromeDriver browser;

    private final TestIssuer issuer = TestIssuer.shared();
    private final String api;
    private final Http http;

    @Inject
    TypeScriptClientTest(WebTarget target) {
        URI base = target.getUri();
        this.api = "http://127.0.0.1:" + base.getPort();
        this.http = new Http(base);
    }

    @AddConfigSource
    static ConfigSource config() {
        return TestIssuer.shared().config(Map.of("CLIENT_ORIGIN_URL", CLIENT_ORIGIN));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        PAGE_SERVER.stop(0);
    }

    @Test
    void publicMessageReachesThePage() {
        assertThat(call(CLIENT_ORIGIN, "getPublicMessage", null),
                   is(text("The API doesn't require an access token to share this message.")));
    }

    @Test
    void protectedMessageReachesThePageWithAToken() {
        assertThat(call(CLIENT_ORIGIN, "getProtectedMessage", issuer.token().sign()),
                   is(text("The API successfully validated your access token.")));
    }

    @Test
    void adminMessageReachesThePageWithAnAdminToken() {
        assertThat(call(CLIENT_ORIGIN, "getAdminMessage", issuer.adminToken()),
                   is(text("The API successfully recognized you as an admin.")));
    }

    @Test
    void adminMessageWithAUserTokenIsAResponseError403WithTheJsonBody() {
        String description = "The access token does not hold the permission this operation requires";
        assertThat(call(CLIENT_ORIGIN, "getAdminMessage", issuer.token().permissions().sign()), is(refusal(
                403,
                Json.createObjectBuilder()
                        .add("error", "insufficient_permissions")
                        .add("error_description", description)
                        .add("message", "Permission denied").build(),
                CHALLENGE + ", error=\"insufficient_scope\", error_description=\"" + description
                        + "\", scope=\"read:admin-messages\"")));
    }

    @Test
    void protectedMessageWithoutATokenIsAResponseError401WhoseChallengeThePageReads() {
        assertThat(call(CLIENT_ORIGIN, "getProtectedMessage", null), is(refusal(
                401, Json.createObjectBuilder().add("message", "Requires authentication").build(), CHALLENGE)));
    }

    @Test
    void pageFromAnotherOriginGetsNoPublicMessage() {
        assertThat(call(OTHER_ORIGIN, "getPublicMessage", null), is(BLOCKED));
    }

    @Test
    void pageFromAnotherOriginGetsNoProtectedMessageWithAToken() {
        assertThat(call(OTHER_ORIGIN, "getProtectedMessage", issuer.token().sign()), is(BLOCKED));
    }

    @Test
    void corsExposesTheChallengeToTheClientOrigin() {
        HttpResponse<String> response = http.get("/api/messages/protected", "Origin", CLIENT_ORIGIN);
        assertThat(response.statusCode(), is(401));
        assertThat(header(response, "Access-Control-Allow-Origin"), is(CLIENT_ORIGIN));
        assertThat(header(response, "Access-Control-Expose-Headers"), is("WWW-Authenticate"));
        assertThat(header(response, "WWW-Authenticate"), is(CHALLENGE));
    }

    @Test
    void readmeShowsTheExampleThePageRuns() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        assertThat("README.md holds " + EXAMPLE + " as a code block", readme,
                   containsString("```typescript\n" + Files.readString(EXAMPLE) + "```\n"));
    }

    @Test
    void readmeGeneratesTheClientWithTheBuildsGeneratorAndVersion() throws IOException {
        Matcher version = Pattern.compile("<openapi-generator.version>(.+)</openapi-generator.version>")
                .matcher(Files.readString(Path.of("pom.xml")));
        assertThat("pom.xml names the generator's version", version.find(), is(true));
        String readme = Files.readString(Path.of("README.md"));
        assertThat(readme, containsString("./mvnw org.openapitools:openapi-generator-maven-plugin:" + version.group(1)
                + ":generate \\\n  -Dopenapi.generator.maven.plugin.inputSpec=openapi.yaml \\\n"
                + "  -Dopenapi.generator.maven.plugin.generatorName=typescript-fetch \\\n"));
    }

    /**
     * Opens the page from the origin and calls the operation through README's example.
     *
     * @return what the page saw: {@code {"text"}}, {@code {"status", "error", "challenge"}} or what was thrown
     */
    private JsonObject call(String origin, String operation, String token) {
        ChromeDriver page = browser();
        if (!page.getCurrentUrl().startsWith(origin + "/")) {
            page.get(origin + "/");
        }
        Object seen = page.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "window.callApi(arguments[0], arguments[1], arguments[2] ?? undefined)"
                        + ".then(done, e => done(JSON.stringify({ unexpected: String(e) })));",
                api, operation, token);
        try (var reader = Json.createReader(new StringReader((String) seen))) {
            return reader.readObject();
        }
    }

    private static JsonObject text(String text) {
        return Json.createObjectBuilder().add("text", text).build();
    }

    private static JsonObject refusal(int status, JsonObject error, String challenge) {
        return Json.createObjectBuilder().add("status", status).add("error", error).add("challenge", challenge).build();
    }

    /** The browser, started on first use; without the built page the test is skipped with the reason (fails under CI). */
    private static ChromeDriver browser() {
        if (browser == null) {
            HeadlessChromium.assumeInstalled(Files.isReadable(BUNDLE), BUNDLE + " was not built: the build makes it"
                    + " when npm is installed (Debian: apt-get install nodejs npm; elsewhere -Ptypescript-client)");
            browser = HeadlessChromium.start();
        }
        return browser;
    }

    private static HttpServer startPageServer() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                boolean script = exchange.getRequestURI().getPath().equals("/client-page.js");
                byte[] body = script ? Files.readAllBytes(BUNDLE) : PAGE.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", script ? "text/javascript" : "text/html");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
