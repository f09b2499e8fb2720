package com.example.hello;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

import com.example.hello.support.Http;
import com.example.hello.support.LogCapture;
import com.example.hello.support.Management;
import com.example.hello.support.PrometheusText;
import com.example.hello.support.TestIssuer;
import com.example.hello.support.TokenBuilder;

import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.client.WebTarget;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static com.example.hello.support.Responses.assertJson;
import static com.example.hello.support.Responses.header;
import static com.example.hello.support.Responses.json;
import static com.example.hello.support.Responses.object;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * What an operator relies on: health and metrics on the management port only (never on the API port), counted
 * exactly, and an access log that never holds a token.
 */
@HelidonTest
class OperationsTest {
    private static final String PROTECTED = "/api/messages/protected";
    private static final String ADMIN = "/api/messages/admin";

    private final TestIssuer issuer = TestIssuer.shared();
    private final Http http;
    private final Http management = Management.http();

    @Inject
    OperationsTest(WebTarget target) {
        this.http = new Http(target.getUri());
    }

    @AddConfigSource
    static ConfigSource config() {
        return TestIssuer.shared().config(Map.of());
    }

    @Test
    void livenessIsUp() {
        HttpResponse<String> response = management.get("/health/live");
        assertThat(response.statusCode(), is(200));
        assertThat(json(response).getString("status"), is("UP"));
    }

    @Test
    void readinessReportsTheSigningKeys() {
        HttpResponse<String> response = management.get("/health/ready");
        assertThat(response.statusCode(), is(200));
        assertThat(json(response).getString("status"), is("UP"));
        assertThat(json(response).getJsonArray("checks"), is(Json.createArrayBuilder().add(Json.createObjectBuilder()
                .add("name", "signing-keys").add("status", "UP")).build()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/health", "/health/live", "/health/ready", "/metrics", "/metrics/application"})
    void operationsEndpointsAreNotFoundOnTheApiPort(String path) {
        assertJson(http.get(path), 404, object("message", "Not Found"));
        assertJson(http.get(path, "Accept", "application/json"), 404, object("message", "Not Found"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/openapi", "/docs/", "/docs/index.html", "/docs/swagger-ui-bundle.js", "/docs/sign-in.json"})
    void theManagementPortServesOperationsOnly(String path) {
        assertThat(path + " on the management port", management.get(path).statusCode(), is(404));
        assertThat(path + " on the API port", http.get(path).statusCode(), is(200));
    }

    static Stream<Arguments> outcomes() {
        TestIssuer issuer = TestIssuer.shared();
        return Stream.of(
                outcome("accepted", PROTECTED, token(issuer)),
                outcome("missing", PROTECTED, null),
                outcome("expired", PROTECTED, token(issuer).expiresInSeconds(-3600)),
                outcome("bad_signature", PROTECTED,
                        token(issuer).signWith(TestIssuer.newKey(issuer.currentKey().kid()))),
                outcome("wrong_audience", PROTECTED, token(issuer).claim("aud", "https://other.example.com")),
                outcome("wrong_issuer", PROTECTED, token(issuer).claim("iss", "https://evil.example.com/")),
                outcome("not_yet_valid", PROTECTED, token(issuer).notBeforeInSeconds(600)),
                outcome("unknown_key", PROTECTED, token(issuer).header("kid", "not-published")),
                outcome("malformed", PROTECTED, "not-a-jwt"),
                outcome("unsupported_algorithm", PROTECTED, token(issuer).header("alg", "none").unsigned()),
                outcome("missing_expiry", PROTECTED, token(issuer).claim("exp", (String) null)),
                outcome("insufficient_permission", ADMIN, token(issuer)));
        // keys_unavailable needs an issuer whose keys were never loaded: UnreachableIssuerTest counts it.
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outcomes")
    void eachAuthenticationOutcomeIsCountedExactlyOnce(String outcome, String path, String token) {
        Map<String, Double> before = outcomeCounts();
        HttpResponse<String> response = token == null ? http.get(path) : http.getWithToken(path, token);
        assertThat(response.statusCode(), is(outcome.equals("accepted") ? 200
                : outcome.equals("insufficient_permission") ? 403 : 401));
        Map<String, Double> expected = new TreeMap<>(Map.of(outcome, 1.0));
        if (outcome.equals("insufficient_permission")) {
            expected.put("accepted", 1.0); // the token itself was valid
        }
        assertThat("the outcomes this request added", increments(before, outcomeCounts()), is(expected));
    }

    @Test
    void requestsAreCountedPerOperationAndStatusExactlyOnce() {
        List<String[]> calls = List.of(new String[] {"getPublicMessage", "200", "/api/messages/public", null},
                                       new String[] {"getProtectedMessage", "200", PROTECTED, token(issuer).sign()},
                                       new String[] {"getProtectedMessage", "401", PROTECTED, null},
                                       new String[] {"getAdminMessage", "200", ADMIN,
                                               token(issuer).permissions("read:admin-messages").sign()},
                                       new String[] {"getAdminMessage", "403", ADMIN, token(issuer).sign()},
                                       new String[] {"getAdminMessage", "401", ADMIN, "not-a-jwt"});
        for (String[] call : calls) {
            String[] labels = {"operation", call[0], "status", call[1]};
            double before = PrometheusText.value(metrics(), "api_requests_seconds_count", labels);
            HttpResponse<String> response = call[3] == null ? http.get(call[2]) : http.getWithToken(call[2], call[3]);
            assertThat(response.statusCode(), is(Integer.parseInt(call[1])));
            assertThat(call[0] + " " + call[1],
                       PrometheusText.value(metrics(), "api_requests_seconds_count", labels) - before, is(1.0));
        }
        assertThat("latency is recorded", PrometheusText.value(metrics(), "api_requests_seconds_sum",
                                                               "operation", "getAdminMessage", "status", "403"),
                   greaterThan(0.0));
    }

    @Test
    void metricsAreAlsoServedAsJson() {
        http.get(PROTECTED);
        HttpResponse<String> response = management.get("/metrics", "Accept", "application/json");
        assertThat(response.statusCode(), is(200));
        assertThat(header(response, "Content-Type"), startsWith("application/json"));
        JsonObject metrics = json(response);
        assertThat(metrics.getJsonObject("application").getJsonNumber("auth.outcomes;outcome=missing").doubleValue(),
                   greaterThanOrEqualTo(1.0));
        assertThat(metrics.getJsonObject("base").keySet(), hasItems("jvm.uptime", "thread.count", "memory.usedHeap"));
    }

    @Test
    void jvmMetricsArePresent() {
        String metrics = metrics();
        for (String jvm : List.of("jvm_uptime_seconds", "thread_count", "memory_usedHeap_bytes",
                                  "classloader_loadedClasses_count")) {
            assertThat(jvm, PrometheusText.value(metrics, jvm, "mp_scope", "base"), greaterThan(0.0));
        }
    }

    @Test
    void accessLogHasOneLinePerRequestWithTheSubject() throws InterruptedException {
        try (LogCapture log = LogCapture.start()) {
            http.getWithToken(PROTECTED, issuer.token().claim("sub", "auth0|access-log-test").sign());
            // the line is written once the answer is sent, so it may follow the answer by a moment
            assertThat(log.awaitLine("sub=auth0|access-log-test"), matchesPattern(
                    "\\S+ INFO com\\.example\\.hello\\.web\\.AccessLog: "
                    + "GET /api/messages/protected 200 \\d+\\.\\d{3}ms sub=auth0\\|access-log-test\n"));
            Thread.sleep(300); // a second line for the same request would come as soon
            assertThat("lines for that request", log.lines().stream()
                    .filter(line -> line.contains("sub=auth0|access-log-test")).count(), is(1L));
        }
    }

    @Test
    void aSubjectOrPathWithQuotesNewlinesOrControlCharactersStaysOnOneLine() {
        String subject = "auth0|evil\"\n2026-01-01T00:00:00Z INFO fake: line\r\u0001\\end";
        try (LogCapture log = LogCapture.start()) {
            http.getWithToken(PROTECTED, issuer.token().claim("sub", subject).sign());
            http.get("/api/messages/%22quoted%22%0A%0D%01");
            String line = log.awaitLine("sub=auth0|evil");
            assertThat("the subject's controls escaped", line, endsWith(
                    " 200 " + line.substring(line.indexOf(" 200 ") + 5, line.indexOf("ms sub="))
                    + "ms sub=auth0|evil\"\\n2026-01-01T00:00:00Z INFO fake: line\\r\\u0001\\\\end\n"));
            assertThat("one line", line.indexOf('\n'), is(line.length() - 1));
            String notFound = log.awaitLine("GET /api/messages/%22quoted%22%0A%0D%01 404");
            assertThat("one line", notFound.indexOf('\n'), is(notFound.length() - 1));
        }
    }

    @Test
    void tokensNeverReachTheLogs() {
        String valid = issuer.token().sign();
        String expired = issuer.token().expiresInSeconds(-3600).sign();
        String forged = issuer.token().signWith(TestIssuer.newKey("forged")).sign();
        String truncated = valid.substring(0, valid.length() - 10);
        String extraSegment = valid + "." + valid.substring(valid.lastIndexOf('.') + 1);
        String junk = valid.replace('.', '!');
        List<String> lines;
        try (LogCapture log = LogCapture.start()) {
            http.getWithToken(PROTECTED, valid);
            for (String refused : List.of(expired, forged, truncated, extraSegment, junk)) {
                http.getWithToken(PROTECTED, refused);
            }
            http.get(PROTECTED + "?access_token=" + valid);
            http.get(PROTECTED + ";access_token=" + valid);
            http.get(PROTECTED, "X-Api-Token", valid);
            // every request's line: the valid one, five refused tokens, the query string, the matrix parameter and
            // the other header
            lines = log.awaitLines("GET /api/messages/protected 401", 8, 10);
            log.awaitLine("GET /api/messages/protected 200");
            lines = log.lines();
        }
        for (String token : List.of(valid, expired, forged)) {
            for (String segment : token.split("\\.")) {
                assertThat(lines, everyItem(not(containsString(segment))));
            }
        }
        assertThat("no query string or matrix parameter", lines, everyItem(not(containsString("access_token"))));
        assertThat("no other header", lines, everyItem(not(containsString("X-Api-Token"))));
    }

    private static Arguments outcome(String outcome, String path, Object token) {
        return Arguments.of(outcome, path, token instanceof TokenBuilder builder ? builder.sign() : token);
    }

    /** A token no other request sent (its own jti), so no remembered decision stands in for the verification. */
    private static TokenBuilder token(TestIssuer issuer) {
        return issuer.token().claim("jti", UUID.randomUUID().toString());
    }

    private Map<String, Double> outcomeCounts() {
        return PrometheusText.byLabel(metrics(), "auth_outcomes_total", "outcome");
    }

    private static Map<String, Double> increments(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> increments = new TreeMap<>();
        after.forEach((outcome, count) -> {
            double increment = count - before.getOrDefault(outcome, 0.0);
            if (increment != 0) {
                increments.put(outcome, increment);
            }
        });
        return increments;
    }

    private String metrics() {
        return management.get("/metrics").body();
    }
}
