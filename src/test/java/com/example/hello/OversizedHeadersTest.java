package com.example.hello;

import java.io.UncheckedIOException;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;

import com.example.hello.support.Http;
import com.example.hello.support.LogCapture;
import com.example.hello.support.Management;
import com.example.hello.support.RawHttp;
import com.example.hello.support.TestIssuer;

import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;

import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static com.example.hello.support.Responses.assertJson;
import static com.example.hello.support.Responses.object;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasEntry;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;

/**
 * Headers up to 16 KiB pass; over that they get a JSON 431, up to 32 KiB (what Helidon's parser reads); beyond that
 * the parser's JSON 400 and the connection is closed; never a 500, and the server stays healthy.
 */
@HelidonTest
class OversizedHeadersTest {
    private final URI base;
    private final Http http;

    @Inject
    OversizedHeadersTest(WebTarget target) {
        this.base = target.getUri();
        this.http = new Http(base);
    }

    @AddConfigSource
    static ConfigSource config() {
        return TestIssuer.shared().config(Map.of());
    }

    /** The 431 is thrown by a filter after the access log's: the line must still name the status sent. */
    @Test
    void theAccessLogRecordsThe431() {
        try (LogCapture log = LogCapture.start()) {
            HttpResponse<String> response = http.get("/api/messages/public", "X-Filler", "f".repeat(17 * 1024));
            assertThat(response.statusCode(), is(431));
            log.awaitLine("GET /api/messages/public 431 ");
            assertThat(log.lines().stream().filter(line -> line.contains("GET /api/messages/public 200 ")).toList(),
                       is(java.util.List.of()));
        }
    }

    @Test
    void aHeaderJustUnderTheLimitPasses() {
        HttpResponse<String> response = http.get("/api/messages/public", "X-Filler", "f".repeat(15 * 1024));
        assertThat(response.statusCode(), is(200));
    }

    @ParameterizedTest
    @ValueSource(ints = {17 * 1024, 24 * 1024, 30 * 1024})
    void oversizedAuthorizationIsRefusedWith431(int size) {
        HttpResponse<String> response = http.get("/api/messages/protected", "Authorization",
                                                 "Bearer " + "a".repeat(size));
        assertJson(response, 431, object("message", "Request Header Fields Too Large"));
        assertThat(Management.http().get("/health/live").statusCode(), is(200));
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 12})
    void oversizedHeadersInTotalAreRefusedWith431(int headers) {
        String[] pairs = new String[headers * 2];
        for (int i = 0; i < headers; i++) {
            pairs[2 * i] = "X-Filler-" + i;
            pairs[2 * i + 1] = "f".repeat(2_500);
        }
        assertJson(http.get("/api/messages/public", pairs), 431, object("message", "Request Header Fields Too Large"));
        assertThat(Management.http().get("/health/live").statusCode(), is(200));
    }

    @Test
    void headersBeyondTheParserLimitGetAJson400AndTheConnectionClosed() {
        // Just over the limit, so the parser has read everything when it answers (unread bytes would make the close
        // a reset, which may overtake the answer).
        RawHttp.Answer answer = RawHttp.exchange(base, "GET /api/messages/protected HTTP/1.1\nHost: localhost\n"
                + "Authorization: Bearer " + "a".repeat(33 * 1024) + "\n\n");
        assertThat(answer.statusLine(), is("HTTP/1.1 400 Bad Request"));
        assertThat(answer.headers(), hasEntry("content-type", "application/json"));
        assertThat(answer.body(), is("{\"message\":\"Bad Request\"}"));
        assertThat("connection closed", answer.closed(), is(true));
        assertThat(Management.http().get("/health/live").statusCode(), is(200));
    }

    @Test
    void aMegabyteOfHeadersIsRefusedNeverA500() {
        // The server stops reading after 32 KiB and closes with the rest unread: a reset, which may reach the client
        // before the 400 does. Either is a refusal; a 500, or an open connection, is not.
        try {
            RawHttp.Answer answer = RawHttp.exchange(base, "GET /api/messages/protected HTTP/1.1\nHost: localhost\n"
                    + "Authorization: Bearer " + "a".repeat(1024 * 1024) + "\n\n");
            assertThat(answer.statusLine(), is("HTTP/1.1 400 Bad Request"));
            assertThat("connection closed", answer.closed(), is(true));
        } catch (UncheckedIOException e) {
            assertThat("a reset, nothing else", e.getCause(), instanceOf(SocketException.class));
        }
        assertThat(Management.http().get("/health/live").statusCode(), is(200));
    }
}
