package com.example.hello;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.example.hello.dev.DevIssuer;
import com.example.hello.support.AppProcess;
import com.example.hello.support.HostAddresses;
import com.example.hello.support.Http;
import com.example.hello.support.PrometheusText;
import com.example.hello.support.RawHttp;
import com.example.hello.support.TestIssuer;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static com.example.hello.support.Responses.json;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The log as the process writes it to standard error (logging.properties, the background writer, the formatter),
 * not records captured inside a test JVM: one access line per request in the text and the JSON format, control
 * characters escaped, never a token, a header value, a query string or a matrix parameter. The same processes show
 * the management settings honoured, a development token refused by a production server, lines a stuck console
 * cannot take counted in {@code log_dropped_total}, and the access log silenced by {@code AccessLog.level=OFF}.
 */
class ProcessLogTest {
    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration LINES = Duration.ofSeconds(30);
    private static final String ACCESS_LOGGER = "com.example.hello.web.AccessLog";
    /** Quotes, a newline that would forge a second record, a carriage return, a control character, a backslash. */
    private static final String SUBJECT = "auth0|evil\"\n2026-01-01T00:00:00Z INFO fake: line\r\u0001\\end";
    private static final String HEADER_SECRET = "header-secret-4711";
    private static final String QUERY_SECRET = "query-secret-4712";
    private static final String MATRIX_SECRET = "matrix-secret-4713";

    @TempDir
    Path directory;

    /** What each process is sent, and the access lines it must log for them, in order. */
    private record Sent(List<String> tokens, List<String> expected) {
    }

    @Test
    void theTextLogHasOneEscapedLinePerRequestAndNoSecrets() throws Exception {
        TestIssuer issuer = TestIssuer.shared();
        int managementPort = HostAddresses.freePort();
        try (AppProcess app = start(issuer, Map.of("MANAGEMENT_PORT", Integer.toString(managementPort)))) {
            URI base = URI.create("http://127.0.0.1:" + app.awaitStartedPort(START));
            Sent sent = send(base, issuer);

            List<String> lines = app.awaitStderr(line -> line.contains(" " + ACCESS_LOGGER + ": "),
                                                 sent.expected().size(), LINES);
            assertThat("access lines, one per request, in order: " + lines, lines.size(), is(sent.expected().size()));
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                assertThat(line, matchesPattern("\\S+ INFO " + ACCESS_LOGGER + ": \\Q" + sent.expected().get(i)
                        .replace("{duration}", "\\E\\d+\\.\\d{3}\\Q") + "\\E"));
            }
            assertNoSecrets(app, sent);

            // MANAGEMENT_PORT honoured: the number given is where /health answers
            HttpResponse<String> live = new Http(URI.create("http://127.0.0.1:" + managementPort)).get("/health/live");
            assertThat("GET /health/live on MANAGEMENT_PORT " + managementPort, live.statusCode(), is(200));
        }
    }

    @Test
    void theJsonLogIsOneObjectPerLineWithTheAccessFields() throws Exception {
        TestIssuer issuer = TestIssuer.shared();
        // A queue of 16 records, so a stuck console fills it after a few requests (below)
        Files.writeString(directory.resolve("logging.properties"),
                          shippedLogging() + "\ncom.example.hello.logging.AsyncConsoleHandler.queue=16\n");
        try (AppProcess app = start(issuer, Map.of("LOG_FORMAT", "json", "MANAGEMENT_HOST", "127.0.0.1"))) {
            URI base = URI.create("http://127.0.0.1:" + app.awaitStartedPort(START));
            int managementPort = app.awaitManagementPort(START);
            Sent sent = send(base, issuer);

            List<String> lines = app.awaitStderr(line -> line.contains("\"logger\":\"" + ACCESS_LOGGER + "\""),
                                                 sent.expected().size(), LINES);
            assertThat("access lines, one per request: " + lines, lines.size(), is(sent.expected().size()));
            // SLF4J's own warnings come from the test classpath (logback for the tests beside the JDK binding), not
            // from the packaged application
            for (String line : app.stderr().stream().filter(line -> !line.startsWith("SLF4J(")).toList()) {
                try {
                    Json.createReader(new StringReader(line)).readObject(); // every line one JSON object
                } catch (RuntimeException e) {
                    throw new AssertionError("not a JSON object: " + line, e);
                }
            }
            for (int i = 0; i < lines.size(); i++) {
                JsonObject record = Json.createReader(new StringReader(lines.get(i))).readObject();
                String[] expected = sent.expected().get(i).split(" ", 5); // method path status duration sub=...
                assertThat(record.getString("level"), is("INFO"));
                assertThat(record.getString("method"), is(expected[0]));
                assertThat(record.getString("path"), is(expected[1]));
                assertThat(record.getInt("status"), is(Integer.parseInt(expected[2])));
                assertThat(record.getJsonNumber("duration_ms").doubleValue() >= 0, is(true));
                assertThat("the subject, exactly", record.getString("subject"), is(i == 0 ? SUBJECT : "-"));
            }
            assertNoSecrets(app, sent);

            // MANAGEMENT_HOST=127.0.0.1: /health answers there, and not on this machine's other addresses
            Http management = new Http(URI.create("http://127.0.0.1:" + managementPort));
            assertThat(management.get("/health/live").statusCode(), is(200));
            Optional<InetAddress> external = HostAddresses.nonLoopbackIpv4();
            assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address to try");
            assertThat("connection to " + external.get() + ":" + managementPort,
                       HostAddresses.accepts(external.get(), managementPort), is(false));

            assertDroppedLinesAreCounted(app, base, management);
        }
    }

    /**
     * A console that stops taking output: requests are still answered at once, the lines that do not fit are dropped
     * and counted in log_dropped_total, exactly: each request's line is either written or counted.
     */
    private static void assertDroppedLinesAreCounted(AppProcess app, URI base, Http management) {
        String path = "/dropped-" + "x".repeat(1_500); // long lines fill the pipe after a few dozen
        int requests = 200;
        app.pauseStderr(true);
        try {
            // on one connection, pipelined: every request answered while the console takes nothing
            String[] methods = new String[requests];
            java.util.Arrays.fill(methods, "GET");
            List<RawHttp.Answer> answers = RawHttp.pipeline(
                    base, ("GET " + path + " HTTP/1.1\nHost: 127.0.0.1\n\n").repeat(requests), methods);
            assertThat(answers.stream().map(RawHttp.Answer::statusLine).distinct().toList(),
                       is(List.of("HTTP/1.1 404 Not Found")));
            double droppedWhileStuck = PrometheusText.value(management.get("/metrics").body(), "log_dropped_total");
            assertThat("log_dropped_total while the console is stuck", droppedWhileStuck > 0, is(true));
        } finally {
            app.pauseStderr(false);
        }
        long deadline = System.nanoTime() + LINES.toNanos();
        while (true) {
            long written = app.stderr().stream().filter(line -> line.contains("\"path\":\"" + path + "\"")).count();
            double dropped = PrometheusText.value(management.get("/metrics").body(), "log_dropped_total");
            if (written + (long) dropped == requests) {
                return;
            }
            assertThat("lines written (" + written + ") + dropped (" + dropped + ") = requests, within " + LINES,
                       System.nanoTime() < deadline, is(true));
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void accessLogLevelOffSilencesItAndDevelopmentModeServesHealthOnTheApiPort() throws Exception {
        String shipped = shippedLogging();
        String silenced = shipped.replace(ACCESS_LOGGER + ".level=INFO", ACCESS_LOGGER + ".level=OFF");
        assertThat("the shipped file names the access log's level", silenced, is(not(shipped)));
        // Helidon reads logging.properties from the working directory before the one in the jar
        Files.writeString(directory.resolve("logging.properties"), silenced);
        try (AppProcess app = AppProcess.start(directory, Map.of(
                "DEV_KEY_FILE", directory.resolve("dev-key.pk8").toString(), "PORT", "0"), "--dev")) {
            URI base = URI.create("http://127.0.0.1:" + app.awaitStartedPort(START));
            assertThat(RawHttp.getAndClose(base, "/api/messages/public"), startsWith200());
            HttpResponse<String> health = new Http(base).get("/health");
            assertThat("development mode: /health on the API port", health.statusCode(), is(200));
            assertThat(json(health).getString("status"), is("UP"));

            app.terminate(); // the writer's queue is flushed before the process exits
            assertThat(app.awaitExit(Duration.ofSeconds(30)), is(0));
            assertThat("the log still writes other records", app.stderr(),
                       org.hamcrest.Matchers.hasItem(containsString("Server started on")));
            assertThat("no access line", app.stderr().stream().filter(line -> line.contains(ACCESS_LOGGER)).toList(),
                       is(List.of()));
        }
    }

    private static String shippedLogging() throws IOException {
        try (InputStream in = ProcessLogTest.class.getResourceAsStream("/logging.properties")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static org.hamcrest.Matcher<String> startsWith200() {
        return org.hamcrest.Matchers.startsWith("HTTP/1.1 200 ");
    }

    private AppProcess start(TestIssuer issuer, Map<String, String> more) {
        Map<String, String> environment = new HashMap<>(Map.of(
                "PORT", "0",
                "AUTH0_DOMAIN", "tenant.example.com",
                "AUTH0_AUDIENCE", TestIssuer.AUDIENCE,
                "MP_JWT_VERIFY_ISSUER", issuer.issuer(),
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", issuer.jwksUrl()));
        environment.putAll(more);
        return AppProcess.start(directory, environment);
    }

    /**
     * A token with a hostile subject and a secret header; a query string and a matrix parameter each holding a
     * secret; and a development token, which a production server refuses (its issuer is not the tenant).
     */
    private Sent send(URI base, TestIssuer issuer) throws IOException {
        String token = issuer.token().claim("sub", SUBJECT).sign();
        String developmentToken = DevIssuer.loadOrCreate(directory.resolve("dev-key.pk8"))
                .mint("dev|user", TestIssuer.AUDIENCE, List.of(), Duration.ofHours(1));
        // On one connection, pipelined (RawHttp waits a moment for the close after the last answer only)
        List<RawHttp.Answer> answers = RawHttp.pipeline(base,
                "GET /api/messages/protected HTTP/1.1\nHost: 127.0.0.1\nAuthorization: Bearer " + token
                        + "\nX-Trace: " + HEADER_SECRET + "\n\n"
                        + "GET /api/messages/public?access_token=" + QUERY_SECRET + " HTTP/1.1\nHost: 127.0.0.1\n\n"
                        + "GET /api/messages/public;access_token=" + MATRIX_SECRET + " HTTP/1.1\nHost: 127.0.0.1\n\n"
                        + "GET /api/messages/protected HTTP/1.1\nHost: 127.0.0.1\nAuthorization: Bearer "
                        + developmentToken + "\n\n",
                "GET", "GET", "GET", "GET");
        assertThat(answers.stream().map(RawHttp.Answer::statusLine).toList(), is(List.of(
                "HTTP/1.1 200 OK", "HTTP/1.1 200 OK", "HTTP/1.1 200 OK", "HTTP/1.1 401 Unauthorized")));
        RawHttp.Answer refused = answers.getLast(); // a development token, at a production server
        assertThat(refused.body(), is("{\"message\":\"Bad credentials\"}"));
        assertThat(refused.headers().get("www-authenticate"), containsString("error=\"invalid_token\""));
        String escapedSubject = "auth0|evil\"\\n2026-01-01T00:00:00Z INFO fake: line\\r\\u0001\\\\end";
        return new Sent(List.of(token, developmentToken), List.of(
                "GET /api/messages/protected 200 {duration}ms sub=" + escapedSubject,
                "GET /api/messages/public 200 {duration}ms sub=-",
                "GET /api/messages/public 200 {duration}ms sub=-",
                "GET /api/messages/protected 401 {duration}ms sub=-"));
    }

    private static void assertNoSecrets(AppProcess app, Sent sent) {
        String log = String.join("\n", app.stderr());
        for (String secret : Stream.concat(
                sent.tokens().stream().flatMap(token -> Stream.of(token.split("\\."))),
                Stream.of(HEADER_SECRET, QUERY_SECRET, MATRIX_SECRET, "access_token", "X-Trace")).toList()) {
            assertThat("the log holds " + secret, log.contains(secret), is(false));
        }
    }
}
