package com.example.hello;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.example.hello.support.AppProcess;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

/**
 * What stops a start, besides a setting with a bad value (StartupConfigurationTest): a port another process holds,
 * settings that do not work together, and the commands' own arguments. Each is one line naming what to change, exit
 * status 2, no stack trace and no "Server started". And the other end: a stop the moment it has started.
 */
class StartupFailuresTest {
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);
    private static final int REFUSED = 2;
    private static final Map<String, String> PRODUCTION = Map.of(
            "AUTH0_DOMAIN", "tenant.example.com", "AUTH0_AUDIENCE", "https://api.example.com",
            // Never fetched: the start is refused before anything fetches
            "MP_JWT_VERIFY_PUBLICKEY_LOCATION", "http://127.0.0.1:1/.well-known/jwks.json");

    @TempDir
    Path workingDirectory;

    @Test
    void anApiPortInUseStopsAProductionStartNamingPort() throws IOException {
        try (ServerSocket taken = takenPort()) {
            Map<String, String> environment = with(PRODUCTION, "PORT", taken.getLocalPort());
            assertRefused(environment, List.of(), "Cannot listen on port " + taken.getLocalPort() + " (PORT): another "
                    + "process is using it. Stop that process, or set PORT to a free port.");
        }
    }

    @Test
    void aManagementPortInUseStopsAProductionStartNamingManagementPort() throws IOException {
        try (ServerSocket taken = takenPort()) {
            Map<String, String> environment = with(PRODUCTION, "MANAGEMENT_PORT", taken.getLocalPort());
            assertRefused(environment, List.of(), "Cannot listen on port " + taken.getLocalPort() + " (MANAGEMENT_PORT)"
                    + ": another process is using it. Stop that process, or set MANAGEMENT_PORT to a free port.");
        }
    }

    // In development mode the management listener takes a free port of its own, so only PORT can be taken.
    @Test
    void anApiPortInUseStopsADevelopmentStartNamingPort() throws IOException {
        try (ServerSocket taken = takenPort()) {
            assertRefused(with(Map.of(), "PORT", taken.getLocalPort()), List.of("--dev"), "Cannot listen on port "
                    + taken.getLocalPort() + " (PORT): another process is using it. Stop that process, or set PORT to "
                    + "a free port.");
        }
    }

    @Test
    void theApiAndManagementPortsMustDiffer() {
        Map<String, String> environment = new HashMap<>(PRODUCTION);
        environment.put("PORT", "16060");
        environment.put("MANAGEMENT_PORT", "16060");
        assertRefused(environment, List.of(), "Invalid MANAGEMENT_PORT \"16060\": the same as PORT. Accepted: a port "
                + "other than PORT's, so /health and /metrics never share the API's port.");
    }

    @Test
    void aSwaggerUiClientIdNeedsATenantToSignInWith() {
        Map<String, String> environment = new HashMap<>(PRODUCTION);
        environment.remove("AUTH0_DOMAIN");
        environment.put("MP_JWT_VERIFY_ISSUER", "https://issuer.example.com/");
        environment.put("AUTH0_SWAGGER_UI_CLIENT_ID", "abc123");
        assertRefused(environment, List.of(), "AUTH0_SWAGGER_UI_CLIENT_ID is set, but Swagger UI has no tenant to "
                + "sign in with: set AUTH0_DOMAIN, or both swagger-ui.oauth.authorization-url and "
                + "swagger-ui.oauth.token-url, or unset AUTH0_SWAGGER_UI_CLIENT_ID.");
    }

    @Test
    void developmentModeRefusesAConfiguredIssuerAsItRefusesADomain() {
        assertRefused(Map.of("MP_JWT_VERIFY_ISSUER", "https://issuer.example.com/"), List.of("--dev"),
                      "Development mode (--dev) refuses to start while mp.jwt.verify.issuer is set: unset "
                              + "mp.jwt.verify.issuer to use the local development issuer, or start without --dev to "
                              + "use that issuer.");
    }

    @Test
    void theTokenCommandChecksTheSettingsFirst() {
        assertRefused(Map.of("PORT", "abc"), List.of("token"),
                      "Invalid PORT \"abc\": not a whole number. Accepted: a port number from 1 to 65535.");
    }

    @Test
    void theTrainCommandChecksTheSettingsFirst() {
        assertRefused(Map.of("RBAC_ENABLED", "ture"), List.of("train"),
                      "Invalid RBAC_ENABLED \"ture\": an unknown word. Accepted: true or false (any letter case).");
    }

    @Test
    void helpPrintsTheUsageAndSucceeds() {
        try (AppProcess app = AppProcess.start(workingDirectory, Map.of(), "--help")) {
            assertThat("exit status", app.awaitExit(EXIT_TIMEOUT), is(0));
            assertThat("stdout", String.join("\n", app.stdout()), is(Main.USAGE));
            assertThat("stderr", app.stderr(), is(empty()));
        }
    }

    @Test
    void anUnknownArgumentIsRefusedWithTheUsage() {
        try (AppProcess app = AppProcess.start(workingDirectory, PRODUCTION, "--Dev")) {
            assertThat("exit status", app.awaitExit(EXIT_TIMEOUT), is(REFUSED));
            assertThat("stderr", String.join("\n", app.stderr()), is("Unknown argument \"--Dev\".\n" + Main.USAGE));
            assertThat("stdout", app.stdout(), is(empty()));
        }
    }

    @Test
    void anArgumentAfterACommandIsRefused() {
        try (AppProcess app = AppProcess.start(workingDirectory, Map.of(), "train", "now")) {
            assertThat("exit status", app.awaitExit(EXIT_TIMEOUT), is(REFUSED));
            assertThat("stderr", String.join("\n", app.stderr()), is("Unknown argument \"now\".\n" + Main.USAGE));
        }
    }

    @Test
    void tokenHelpPrintsTheTokenUsageAndSucceeds() {
        try (AppProcess app = AppProcess.start(workingDirectory, Map.of(), "token", "--help")) {
            assertThat("exit status", app.awaitExit(EXIT_TIMEOUT), is(0));
            assertThat("stdout", app.stdout().getFirst(), is("Usage: hello-world-api token [options]"));
            assertThat("stderr", app.stderr(), is(empty()));
        }
    }

    // The race a supervisor meets: SIGTERM the moment the server listens, before start-up has returned to Main.
    @Test
    void aSigtermTheMomentTheServerListensStopsItWithStatusZero() {
        try (AppProcess app = AppProcess.start(workingDirectory, PRODUCTION)) {
            app.awaitStartedPort(Duration.ofSeconds(60));
            app.terminate();
            assertThat("exit status", app.awaitExit(EXIT_TIMEOUT), is(0));
        }
    }

    private void assertRefused(Map<String, String> environment, List<String> args, String line) {
        try (AppProcess app = AppProcess.start(workingDirectory, environment, List.of(),
                                               args.toArray(String[]::new))) {
            assertThat("exit status", app.awaitExit(EXIT_TIMEOUT), is(REFUSED));
            assertThat("stderr: the one line, no stack trace", app.stderr(), is(List.of(line)));
            assertThat("stdout: nothing started", app.stdout(), is(empty()));
        }
    }

    private static Map<String, String> with(Map<String, String> environment, String name, int port) {
        Map<String, String> with = new HashMap<>(environment);
        with.put(name, Integer.toString(port));
        return with;
    }

    /** A port another process listens on, as a second start of the service would find it. */
    private static ServerSocket takenPort() throws IOException {
        return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }
}
