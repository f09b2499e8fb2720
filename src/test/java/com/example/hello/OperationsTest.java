package com.example.hello;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.example.hello.support.Http;
import com.example.hello.support.LogCapture;
import com.example.hello.support.TestIssuer;

import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.ws.rs.client.WebTarget;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import static com.example.hello.support.Responses.json;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

/** What an operator relies on: health, metrics, and an access log that never holds a token. */
@HelidonTest
class OperationsTest {
    private static final String PROTECTED = "/api/messages/protected";

    private final TestIssuer issuer = TestIssuer.shared();
    private final Http http;

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
        HttpResponse<String> response = http.get("/health/live");
        assertThat(response.statusCode(), is(200));
        assertThat(json(response).getString("status"), is("UP"));
    }

    @Test
    void readinessReportsTheSigningKeys() {
        HttpResponse<String> response = http.get("/health/ready");
        assertThat(response.statusCode(), is(200));
        assertThat(json(response).getString("status"), is("UP"));
        assertThat(json(response).getJsonArray("checks"), hasItem(Json.createObjectBuilder()
                .add("name", "signing-keys").add("status", "UP").build()));
    }

    @Test
    void metricsCountAuthenticationOutcomesByReason() {
        http.get(PROTECTED);
        http.getWithToken(PROTECTED, issuer.token().expiresInSeconds(-3600).sign());
        http.getWithToken(PROTECTED, issuer.token().claim("aud", "https://other").sign());
        http.getWithToken(PROTECTED, issuer.token().signWith(TestIssuer.newKey(issuer.currentKey().kid())).sign());
        http.getWithToken("/api/messages/admin", issuer.token().sign());
        http.getWithToken(PROTECTED, issuer.token().sign());

        String metrics = http.get("/metrics").body();
        for (String outcome : List.of("missing", "expired", "wrong_audience", "bad_signature",
                                      "insufficient_permission", "accepted")) {
            assertThat(metrics, matchesPatternLine(
                    "auth_outcomes_total\\{.*outcome=\"" + outcome + "\".*} [1-9][0-9]*\\.0"));
        }
    }

    @Test
    void metricsCountRequestsAndLatencyPerEndpoint() {
        http.getWithToken(PROTECTED, issuer.token().sign());
        http.get(PROTECTED);
        String metrics = http.get("/metrics").body();
        assertThat(metrics, matchesPatternLine(
                "api_requests_seconds_count\\{.*operation=\"getProtectedMessage\".*status=\"200\".*} [1-9][0-9]*\\.0"));
        assertThat("refusals by security are counted too", metrics, matchesPatternLine(
                "api_requests_seconds_count\\{.*operation=\"getProtectedMessage\".*status=\"401\".*} [1-9][0-9]*\\.0"));
        assertThat(metrics, matchesPatternLine(
                "api_requests_seconds_sum\\{.*operation=\"getProtectedMessage\".*status=\"200\".*} .*"));
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
            http.get(PROTECTED, "X-Api-Token", valid);
            // every request's line: the valid one, five refused tokens, the query string and the other header
            lines = log.awaitLines("GET /api/messages/protected 401", 7, 10);
            log.awaitLine("GET /api/messages/protected 200");
            lines = log.lines();
        }
        for (String token : List.of(valid, expired, forged)) {
            for (String segment : token.split("\\.")) {
                assertThat(lines, everyItem(not(containsString(segment))));
            }
        }
        assertThat("no query string", lines, everyItem(not(containsString("access_token"))));
        assertThat("no other header", lines, everyItem(not(containsString("X-Api-Token"))));
    }

    private static org.hamcrest.Matcher<String> matchesPatternLine(String regex) {
        return matchesPattern("(?ms).*^" + regex + "$.*");
    }
}
