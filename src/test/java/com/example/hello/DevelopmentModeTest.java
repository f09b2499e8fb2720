package com.example.hello;

import java.io.StringReader;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.example.hello.dev.DevIssuer;
import com.example.hello.support.AppProcess;
import com.example.hello.support.HostAddresses;
import com.example.hello.support.Http;
import com.example.hello.support.TestIssuer;

import io.helidon.security.jwt.SignedJwt;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static com.example.hello.support.Responses.assertJson;
import static com.example.hello.support.Responses.header;
import static com.example.hello.support.Responses.object;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The run command's development mode, started as a user starts it: it prints working curl commands, accepts the
 * development issuer's tokens, refuses a foreign key's, listens on loopback only, and never starts beside Auth0.
 */
class DevelopmentModeTest {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern CURL = Pattern.compile(
            "^curl --request GET --url (\\S+)(?: --header 'authorization: Bearer ([^']+)')?$");

    @TempDir
    static Path directory;

    private static AppProcess app;
    private static int port;

    @BeforeAll
    static void startInDevelopmentMode() {
        app = AppProcess.start(directory, Map.of("PORT", "0", "DEV_KEY_FILE", directory.resolve("dev.pk8").toString()),
                               "--dev");
        port = app.awaitStartedPort(START_TIMEOUT);
        app.awaitStdout(line -> line.startsWith("More tokens:"), START_TIMEOUT);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void printedCurlCommandsAnswerAsDocumented() {
        List<Matcher> commands = app.stdout().stream().map(CURL::matcher).filter(Matcher::matches).toList();
        assertThat("three curl commands are printed", commands.size(), is(3));
        assertJson(call(commands.get(0)), 200,
                   object("text", "The API doesn't require an access token to share this message."));
        assertJson(call(commands.get(1)), 200, object("text", "The API successfully validated your access token."));
        assertJson(call(commands.get(2)), 200, object("text", "The API successfully recognized you as an admin."));
    }

    @Test
    void printedUserTokenIsNotAnAdmin() {
        HttpResponse<String> response = http().getWithToken("/api/messages/admin", printedToken(1));
        assertJson(response, 403, object(
                "error", "insufficient_permissions",
                "error_description", "The access token does not hold the permission this operation requires",
                "message", "Permission denied"));
        assertThat(header(response, "WWW-Authenticate"), is(
                "Bearer realm=\"hello-world-api\", error=\"insufficient_scope\", "
                        + "error_description=\"The access token does not hold the permission this operation requires\", "
                        + "scope=\"read:admin-messages\""));
    }

    @Test
    void bannerPrintsTheSwaggerUiAddress() {
        assertThat(app.stdout(), hasItem(startsWith("Swagger UI: http://127.0.0.1:" + port + "/docs/ ")));
    }

    @Test
    void tokenCommandMintsTokensTheServerAccepts() {
        try (AppProcess token = AppProcess.start(directory,
                                                 Map.of("DEV_KEY_FILE", directory.resolve("dev.pk8").toString()),
                                                 "token", "--permissions", "read:admin-messages")) {
            assertThat(token.awaitExit(START_TIMEOUT), is(0));
            assertJson(http().getWithToken("/api/messages/admin", token.stdout().getFirst()), 200,
                       object("text", "The API successfully recognized you as an admin."));
        }
    }

    @Test
    void tokensSignedByAnotherKeyUnderTheDevelopmentKidAreRefused() {
        String devKid = SignedJwt.parseToken(printedToken(1)).getJwt().keyId().orElseThrow();
        String foreign = TestIssuer.shared().token()
                .signWith(TestIssuer.newKey(devKid))
                .claim("iss", DevIssuer.ISSUER)
                .claim("aud", DevIssuer.DEFAULT_AUDIENCE)
                .sign();
        HttpResponse<String> response = http().getWithToken("/api/messages/protected", foreign);
        assertJson(response, 401, object("message", "Bad credentials"));
        assertThat(header(response, "WWW-Authenticate"), is("Bearer realm=\"hello-world-api\", error=\"invalid_token\", "
                + "error_description=\"The access token signature is invalid\""));
    }

    /** @return the token of the i-th printed curl command (1: the user's, 2: the admin's) */
    private static String printedToken(int command) {
        return app.stdout().stream().map(CURL::matcher).filter(Matcher::matches).toList().get(command).group(2);
    }

    @Test
    void developmentModeWarnsLoudly() {
        assertThat(app.stderr(), hasItem(containsString("DEVELOPMENT MODE")));
    }

    // LOG_FORMAT applies from the first line the service writes: development mode's warning comes before the server
    @Test
    void theChosenLogFormatAppliesFromTheFirstLine() {
        try (AppProcess json = AppProcess.start(directory, Map.of("PORT", "0", "LOG_FORMAT", "json",
                                                                  "DEV_KEY_FILE", directory.resolve("dev.pk8").toString()),
                                                "--dev")) {
            String warning = json.awaitStderr(line -> line.contains("DEVELOPMENT MODE"), 1, START_TIMEOUT).getFirst();
            JsonObject record = Json.createReader(new StringReader(warning)).readObject();
            assertThat("level", record.getString("level"), is("WARNING"));
            assertThat("message", record.getString("message"), startsWith("DEVELOPMENT MODE: "));
        }
    }

    /** Swagger UI's page may reach the development issuer's token endpoint, on its own port, and nothing else. */
    @Test
    void docsMayConnectToTheDevelopmentIssuerOnly() {
        Pattern jwks = Pattern.compile(".*\\(JWKS (http://127\\.0\\.0\\.1:(\\d+))/\\.well-known/jwks\\.json, .*");
        Matcher issuer = app.stderr().stream().map(jwks::matcher).filter(Matcher::matches).findFirst().orElseThrow(
                () -> new AssertionError("no development-mode warning naming the JWKS in " + app.stderr()));
        assertThat("the issuer's own port", Integer.parseInt(issuer.group(2)), is(not(port)));

        HttpResponse<String> page = http().get("/docs/");
        assertThat("status", page.statusCode(), is(200));
        assertThat("policy", header(page, "Content-Security-Policy"), is(
                "default-src 'self'; img-src 'self' data:; connect-src 'self' " + issuer.group(1) + "; "
                        + "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"));
    }

    @Test
    void developmentModeListensOnLoopbackOnly() {
        Optional<InetAddress> external = HostAddresses.nonLoopbackIpv4();
        assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address to try");
        assertThat("connection to " + external.get() + ":" + port, HostAddresses.accepts(external.get(), port),
                   is(false));
    }

    /** Development mode serves /health and /metrics on the API port too, so the printed URL is all one needs. */
    @Test
    void developmentModeAnswersHealthOnTheApiPort() {
        HttpResponse<String> health = http().get("/health");
        assertThat(health.statusCode(), is(200));
        assertThat(health.body(), containsString("\"status\":\"UP\""));
    }

    @Test
    void developmentModeIsRefusedWhenAuth0DomainIsSet() {
        try (AppProcess refused = AppProcess.start(directory, Map.of("AUTH0_DOMAIN", "tenant.auth0.com",
                                                                     "AUTH0_AUDIENCE", "https://api"), "--dev")) {
            assertThat(refused.awaitExit(START_TIMEOUT), is(not(0)));
            assertThat(refused.stderr().getFirst(), containsString("refuses to start while AUTH0_DOMAIN is set"));
        }
    }

    private static Http http() {
        return new Http(URI.create("http://127.0.0.1:" + port));
    }

    private static HttpResponse<String> call(Matcher curl) {
        URI url = URI.create(curl.group(1));
        assertThat("printed host", url.getHost(), is("127.0.0.1"));
        assertThat("printed port", url.getPort(), is(port));
        Http http = new Http(url.resolve("/"));
        return curl.group(2) == null ? http.get(url.getPath()) : http.getWithToken(url.getPath(), curl.group(2));
    }
}
