package com.example.hello;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.example.hello.support.AppProcess;
import com.example.hello.support.HostAddresses;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Start-up checks every setting before anything listens: each mistake is one line naming the setting, the value's
 * problem and what is accepted, all of them together, then the process exits with status 2 (no stack trace, no
 * server). Settings come from the environment, system properties and .env alike.
 */
class StartupConfigurationTest {
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);
    private static final int CONFIGURATION_ERROR = 2;
    private static final Map<String, String> VALID = Map.of("AUTH0_DOMAIN", "tenant.example.com",
                                                            "AUTH0_AUDIENCE", "https://api.example.com");

    @TempDir
    Path workingDirectory;

    @Test
    void missingDomainStopsStartUpNamingTheVariable() {
        assertRefused(Map.of("AUTH0_AUDIENCE", "https://api.example.com"),
                      "Missing AUTH0_DOMAIN environment variable.");
    }

    @Test
    void missingAudienceStopsStartUpNamingTheVariable() {
        assertRefused(Map.of("AUTH0_DOMAIN", "tenant.example.com"), "Missing AUTH0_AUDIENCE environment variable.");
    }

    static Stream<Arguments> invalidSettings() {
        return Stream.of(
                refused("RBAC_ENABLED", "ture",
                        "Invalid RBAC_ENABLED \"ture\": an unknown word. Accepted: true or false (any letter case)."),
                refused("RBAC_ENABLED", "maybe",
                        "Invalid RBAC_ENABLED \"maybe\": an unknown word. Accepted: true or false (any letter case)."),
                refused("PORT", "abc",
                        "Invalid PORT \"abc\": not a whole number. Accepted: a port number from 1 to 65535."),
                refused("PORT", "70000",
                        "Invalid PORT \"70000\": out of range. Accepted: a port number from 1 to 65535."),
                refused("MANAGEMENT_PORT", "-1",
                        "Invalid MANAGEMENT_PORT \"-1\": out of range. Accepted: a port number from 1 to 65535."),
                refused("MANAGEMENT_HOST", "all interfaces",
                        "Invalid MANAGEMENT_HOST \"all interfaces\": not a host name or IP address. Accepted: an IP "
                                + "address of this machine or a host name, e.g. 0.0.0.0 (all interfaces) or "
                                + "127.0.0.1."),
                refused("AUTH0_DOMAIN", "not a domain",
                        "Invalid AUTH0_DOMAIN \"not a domain\": contains a space. Accepted: " + DOMAIN_ACCEPTED),
                refused("AUTH0_DOMAIN", "https://tenant.example.com/api",
                        "Invalid AUTH0_DOMAIN \"https://tenant.example.com/api\": contains a path. Accepted: "
                                + DOMAIN_ACCEPTED),
                refused("AUTH0_AUDIENCE", " ", "Missing AUTH0_AUDIENCE environment variable."),
                refused("CLIENT_ORIGIN_URL", "notaurl",
                        "Invalid CLIENT_ORIGIN_URL \"notaurl\": not an origin. Accepted: " + ORIGIN_ACCEPTED),
                refused("CLIENT_ORIGIN_URL", "https://app.example.com/",
                        "Invalid CLIENT_ORIGIN_URL \"https://app.example.com/\": has a path (an origin ends after the "
                                + "host or port, without /). Accepted: " + ORIGIN_ACCEPTED),
                refused("MP_JWT_VERIFY_CLOCK_SKEW", "-1",
                        "Invalid mp.jwt.verify.clock.skew \"-1\": negative. Accepted: a whole number of seconds, 0 or "
                                + "more, e.g. 30."),
                refused("JWKS_MIN_REFRESH_INTERVAL", "5s",
                        "Invalid jwks.min-refresh-interval \"5s\": not an ISO-8601 duration. Accepted: "
                                + REFRESH_LIMIT_ACCEPTED),
                refused("JWKS_MIN_REFRESH_INTERVAL", "PT0S",
                        "Invalid jwks.min-refresh-interval \"PT0S\": less than PT0.1S. Accepted: "
                                + REFRESH_LIMIT_ACCEPTED),
                refused("JWKS_MAX_AGE", "-PT1M",
                        "Invalid jwks.max-age \"-PT1M\": negative. Accepted: " + DURATION_ACCEPTED),
                refused("CONNECTIONS_REQUEST_BODY_TIMEOUT", "PT0S",
                        "Invalid connections.request-body-timeout \"PT0S\": zero. Accepted: an ISO-8601 duration "
                                + "longer than 0, at most PT24H, e.g. PT10S."),
                refused("CONNECTIONS_REQUEST_HEAD_TIMEOUT", "PT0S",
                        "Invalid connections.request-head-timeout \"PT0S\": zero. Accepted: " + DEADLINE_ACCEPTED),
                refused("CONNECTIONS_WRITE_TIMEOUT", "PT0S",
                        "Invalid connections.write-timeout \"PT0S\": zero. Accepted: " + DEADLINE_ACCEPTED),
                refused("CONNECTIONS_WRITE_TIMEOUT", "PT25H",
                        "Invalid connections.write-timeout \"PT25H\": longer than a day. Accepted: "
                                + DEADLINE_ACCEPTED),
                refused("SERVER_IDLE_CONNECTION_TIMEOUT", "PT0S",
                        "Invalid server.idle-connection-timeout \"PT0S\": zero. Accepted: " + DEADLINE_ACCEPTED),
                refused("SERVER_IDLE_CONNECTION_PERIOD", "PT0S",
                        "Invalid server.idle-connection-period \"PT0S\": zero. Accepted: " + DEADLINE_ACCEPTED),
                refused("CONNECTIONS_MAX", "0",
                        "Invalid connections.max \"0\": out of range. Accepted: a whole number from 1 to 1000000."),
                refused("SERVER_MAX_TCP_CONNECTIONS", "many",
                        "Invalid server.max-tcp-connections \"many\": not a whole number. Accepted: a whole number "
                                + "from 1 to 1000000."),
                refused("SERVER_PROTOCOLS_HTTP_1_1_MAX_HEADERS_SIZE", "8192",
                        "Invalid server.protocols.http_1_1.max-headers-size \"8192\": out of range. Accepted: a "
                                + "whole number from 16384 to 1048576."),
                refused("CONNECTIONS_EVICTION_MIN_AGE", "-PT1S",
                        "Invalid connections.eviction-min-age \"-PT1S\": negative. Accepted: an ISO-8601 duration "
                                + "from PT0S (none) to PT24H, e.g. PT0.25S."),
                refused("MP_JWT_VERIFY_ISSUER", "http://tenant.example.com/",
                        "Invalid mp.jwt.verify.issuer \"http://tenant.example.com/\": http:// to a host other than "
                                + "this machine. Accepted: " + URL_ACCEPTED),
                refused("MP_JWT_VERIFY_PUBLICKEY_LOCATION", "jwks.json",
                        "Invalid mp.jwt.verify.publickey.location \"jwks.json\": not an absolute URL. Accepted: "
                                + URL_ACCEPTED),
                refused("SWAGGER_UI_OAUTH_AUTHORIZATION_URL", "http://tenant.example.com/authorize",
                        "Invalid swagger-ui.oauth.authorization-url \"http://tenant.example.com/authorize\": http:// "
                                + "to a host other than this machine. Accepted: " + URL_ACCEPTED),
                refused("SWAGGER_UI_OAUTH_TOKEN_URL", "/oauth/token",
                        "Invalid swagger-ui.oauth.token-url \"/oauth/token\": not an absolute URL. Accepted: "
                                + URL_ACCEPTED),
                refused("AUTH0_SWAGGER_UI_CLIENT_ID", "my client",
                        "Invalid AUTH0_SWAGGER_UI_CLIENT_ID \"my client\": not a client id. Accepted: 1 to 128 "
                                + "letters, digits, '.', '_' or '-', as in the Auth0 application's Client ID."),
                refused("LOG_FORMAT", "yaml",
                        "Invalid LOG_FORMAT \"yaml\": an unknown word. Accepted: text or json (any letter case)."));
    }

    private static final String DOMAIN_ACCEPTED = "your tenant's host name with an optional :port, e.g. "
            + "your-tenant.us.auth0.com (an https:// before it and a / after it are accepted; letter case and :443 "
            + "are ignored).";
    private static final String ORIGIN_ACCEPTED = "an origin, scheme://host[:port] with no path, e.g. "
            + "https://app.example.com; several origins separated by commas, no spaces.";
    private static final String DEADLINE_ACCEPTED = "an ISO-8601 duration longer than 0, at most PT24H, e.g. PT10S.";
    private static final String DURATION_ACCEPTED = "an ISO-8601 duration, 0 or more, e.g. PT5S or PT10M.";
    private static final String REFRESH_LIMIT_ACCEPTED = "an ISO-8601 duration of at least PT0.1S, e.g. PT5S.";
    private static final String URL_ACCEPTED =
            "an absolute https:// URL (http:// only to a loopback address such as 127.0.0.1).";

    private static Arguments refused(String variable, String value, String line) {
        return Arguments.of(variable + "=" + value, variable, value, line);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSettings")
    void anInvalidSettingStopsStartUpWithOneLineSayingWhatIsAccepted(String description, String variable,
                                                                     String value, String line) {
        Map<String, String> environment = new HashMap<>(VALID);
        environment.put(variable, value);
        assertRefused(environment, line);
    }

    @Test
    void everyProblemIsReportedInOneStart() {
        assertRefused(Map.of("AUTH0_AUDIENCE", "https://api.example.com", "RBAC_ENABLED", "ture", "PORT", "abc",
                             "CLIENT_ORIGIN_URL", "notaurl"),
                      "Missing AUTH0_DOMAIN environment variable.",
                      "Invalid PORT \"abc\": not a whole number. Accepted: a port number from 1 to 65535.",
                      "Invalid CLIENT_ORIGIN_URL \"notaurl\": not an origin. Accepted: " + ORIGIN_ACCEPTED,
                      "Invalid RBAC_ENABLED \"ture\": an unknown word. Accepted: true or false (any letter case).");
    }

    @Test
    void developmentKeyFileMustBeReadable() {
        Map<String, String> environment = Map.of("DEV_KEY_FILE", workingDirectory.toString());
        try (AppProcess app = AppProcess.start(workingDirectory, environment, "--dev")) {
            assertThat(app.awaitExit(EXIT_TIMEOUT), is(CONFIGURATION_ERROR));
            assertThat(app.stderr(), is(List.of("Invalid dev.key-file \"" + workingDirectory
                    + "\": exists but is not a readable file. Accepted: the path of a readable file, or of one that "
                    + "can be created.")));
        }
    }

    @Test
    void developmentKeyFileMustBeCreatable() throws IOException {
        Path file = Files.writeString(workingDirectory.resolve("a-file"), "not a directory");
        Path key = file.resolve("key.pk8");
        try (AppProcess app = AppProcess.start(workingDirectory, Map.of("DEV_KEY_FILE", key.toString()), "--dev")) {
            assertThat(app.awaitExit(EXIT_TIMEOUT), is(CONFIGURATION_ERROR));
            assertThat(app.stderr(), is(List.of("Invalid dev.key-file \"" + key
                    + "\": does not exist and cannot be created. Accepted: the path of a readable file, or of one "
                    + "that can be created.")));
        }
    }

    @Test
    void developmentModeReportsItsRefusalWithTheOtherProblems() {
        try (AppProcess app = AppProcess.start(workingDirectory, Map.of("AUTH0_DOMAIN", "tenant.example.com",
                                                                        "PORT", "abc"), "--dev")) {
            assertThat(app.awaitExit(EXIT_TIMEOUT), is(CONFIGURATION_ERROR));
            assertThat(app.stderr(), is(List.of(
                    "Development mode (--dev) refuses to start while AUTH0_DOMAIN is set: unset AUTH0_DOMAIN to use "
                            + "the local development issuer, or start without --dev to use your Auth0 tenant.",
                    "Invalid PORT \"abc\": not a whole number. Accepted: a port number from 1 to 65535.")));
        }
    }

    @Test
    void settingsInADotEnvFileAreRead() throws Exception {
        Files.writeString(workingDirectory.resolve(".env"), "AUTH0_AUDIENCE=https://api.example.com\nPORT=abc\n");
        assertRefused(Map.of(), "Missing AUTH0_DOMAIN environment variable.",
                      "Invalid PORT \"abc\": not a whole number. Accepted: a port number from 1 to 65535.");
    }

    @Test
    void theEnvironmentWinsOverTheDotEnvFileUnderBothSpellings() throws Exception {
        // If .env won, the blank audience would be missing and the skew negative.
        Files.writeString(workingDirectory.resolve(".env"), "AUTH0_AUDIENCE=\nmp.jwt.verify.clock.skew=-1\n");
        assertRefused(Map.of("AUTH0_AUDIENCE", "https://api.example.com", "MP_JWT_VERIFY_CLOCK_SKEW", "5"),
                      "Missing AUTH0_DOMAIN environment variable.");
    }

    @Test
    void systemPropertiesAreReadAndWinOverTheEnvironmentAndTheDotEnvFile() throws Exception {
        Files.writeString(workingDirectory.resolve(".env"), "RBAC_ENABLED=maybe\n");
        try (AppProcess app = AppProcess.start(workingDirectory, Map.of("AUTH0_AUDIENCE", "https://api.example.com",
                                                                        "PORT", "abc"),
                                               List.of("-DPORT=70000", "-DRBAC_ENABLED=false"))) {
            assertThat(app.awaitExit(EXIT_TIMEOUT), is(CONFIGURATION_ERROR));
            assertThat(app.stderr(), is(List.of(
                    "Missing AUTH0_DOMAIN environment variable.",
                    "Invalid PORT \"70000\": out of range. Accepted: a port number from 1 to 65535.")));
        }
    }

    @Test
    void theServerListensOnThePortItIsGiven() throws IOException {
        for (int attempt = 1; ; attempt++) {
            // The port was free a moment ago; another process may take it before the child binds it: then the
            // start stops with its "Cannot listen on port" line, and one more port is tried.
            int port = HostAddresses.freePort();
            Map<String, String> environment = new HashMap<>(VALID);
            environment.put("PORT", Integer.toString(port));
            environment.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", "http://127.0.0.1:1/.well-known/jwks.json");
            try (AppProcess app = AppProcess.start(workingDirectory, environment)) {
                int started;
                try {
                    started = app.awaitStartedPort(Duration.ofSeconds(60));
                } catch (AssertionError notStarted) {
                    if (attempt == 1 && app.stderr().stream().anyMatch(line -> line.startsWith("Cannot listen on"))) {
                        continue;
                    }
                    throw notStarted;
                }
                assertThat(started, is(port));
                // A connection, not a request: a first request on a loaded machine can take longer than any timeout.
                try (Socket connected = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    assertThat(connected.isConnected(), is(true));
                }
                return;
            }
        }
    }

    private void assertRefused(Map<String, String> environment, String... lines) {
        try (AppProcess app = AppProcess.start(workingDirectory, environment)) {
            assertThat(app.awaitExit(EXIT_TIMEOUT), is(CONFIGURATION_ERROR));
            assertThat(app.stderr(), is(List.of(lines)));
        }
    }
}
