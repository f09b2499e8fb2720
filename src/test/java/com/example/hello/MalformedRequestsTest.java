package com.example.hello;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.example.hello.support.Http;
import com.example.hello.support.LogCapture;
import com.example.hello.support.Management;
import com.example.hello.support.RawHttp;
import com.example.hello.support.Responses;
import com.example.hello.support.TestIssuer;

import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;

import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasEntry;
import static org.hamcrest.Matchers.is;

/**
 * Requests an HTTP client would not send, written byte for byte: ambiguous framing (the request-smuggling shapes),
 * a malformed request line and HTTP/1.0 are answered before any routing, in JSON, and the connection is closed.
 */
@HelidonTest
class MalformedRequestsTest {
    private static final String BAD_REQUEST_BODY = "{\"message\":\"Bad Request\"}";

    private final URI base;
    private final Http http;

    @Inject
    MalformedRequestsTest(WebTarget target) {
        this.base = target.getUri();
        this.http = new Http(base);
    }

    @AddConfigSource
    static ConfigSource config() {
        return TestIssuer.shared().config(Map.of());
    }

    @Test
    void twoDifferentContentLengthsAreRefusedAndTheConnectionClosed() {
        assertRefused(RawHttp.exchange(base, """
                POST /api/messages/public HTTP/1.1
                Host: localhost
                Content-Length: 0
                Content-Length: 40

                """));
    }

    @Test
    void contentLengthWithTransferEncodingIsRefusedAndTheConnectionClosed() {
        assertRefused(RawHttp.exchange(base, """
                POST /api/messages/public HTTP/1.1
                Host: localhost
                Content-Length: 5
                Transfer-Encoding: chunked

                0

                """));
    }

    /** Helidon would answer 200 and then read the body, {@code 0} and a blank line, as the next request. */
    @Test
    void aTransferEncodingOtherThanChunkedIsRefusedAndTheConnectionClosed() {
        long before = malformedCount();
        assertRefused(RawHttp.exchange(base, """
                GET /api/messages/public HTTP/1.1
                Host: localhost
                Transfer-Encoding: chunked, identity

                0

                """));
        assertThat("counted as malformed", malformedCount(), is(before + 1));
    }

    @Test
    void illegalMethodCharacterIsABadRequestWithoutAStackTrace() {
        try (LogCapture log = LogCapture.start()) {
            assertRefused(RawHttp.exchange(base, """
                    G@T /api/messages/public HTTP/1.1
                    Host: localhost

                    """));
            assertThat("log lines with a stack trace", log.lines().stream()
                    .filter(line -> line.contains("\tat ") || line.contains("Exception")).toList().size(), is(0));
        }
    }

    @Test
    void aMalformedRequestLineAfterAServedRequestIsTheSame400CountedAndLoggedWithoutAStackTrace() throws IOException {
        long before = malformedCount();
        try (LogCapture log = LogCapture.start(); Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(crlf("GET /api/messages/public HTTP/1.1\nHost: localhost\n\n"));
            assertThat(RawHttp.read(socket).statusLine(), is("HTTP/1.1 200 OK"));
            socket.getOutputStream().write(crlf("G@T /api/messages/public HTTP/1.1\nHost: localhost\n\n"));
            RawHttp.Answer second = RawHttp.read(socket);
            assertRefused(new RawHttp.Answer(second.statusLine(), second.headers(), second.body(),
                                             RawHttp.closedWithin(socket, 5)));
            assertThat("warnings or stack traces", log.lines().stream()
                    .filter(line -> line.contains("\tat ") || line.contains("Exception") || line.contains("WARNING"))
                    .toList(), is(List.of()));
        }
        assertThat(malformedCount(), is(before + 1));
    }

    private static byte[] crlf(String request) {
        return request.replace("\n", "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void malformedRequestsAreCountedInMetrics() {
        long before = malformedCount();
        RawHttp.exchange(base, "G@T / HTTP/1.1\nHost: localhost\n\n");
        assertThat(malformedCount(), is(before + 1));
    }

    @Test
    void http10IsAnswered505AndTheConnectionClosed() {
        RawHttp.Answer answer = RawHttp.exchange(base, """
                GET /api/messages/public HTTP/1.0
                Host: localhost

                """);
        assertThat(answer.statusLine(), is("HTTP/1.1 505 HTTP Version Not Supported"));
        assertThat(answer.headers(), hasEntry("content-type", "application/json"));
        assertThat(answer.body(), is("{\"message\":\"HTTP Version Not Supported\"}"));
        assertThat("connection closed", answer.closed(), is(true));
    }

    @Test
    void aWellFramedRequestKeepsTheConnection() {
        RawHttp.Answer answer = RawHttp.exchange(base, """
                GET /api/messages/public HTTP/1.1
                Host: localhost
                Content-Length: 0

                """);
        assertThat(answer.statusLine(), is("HTTP/1.1 200 OK"));
        assertThat("connection kept", answer.closed(), is(false));
    }

    private void assertRefused(RawHttp.Answer answer) {
        assertThat(answer.statusLine(), is("HTTP/1.1 400 Bad Request"));
        assertThat(answer.headers(), hasEntry("content-type", "application/json"));
        Responses.SECURITY_HEADERS.forEach((name, value) ->
                assertThat(answer.headers(), hasEntry(name.toLowerCase(java.util.Locale.ROOT), value)));
        assertThat(answer.body(), is(BAD_REQUEST_BODY));
        assertThat("connection closed", answer.closed(), is(true));
        assertThat("the server still serves", http.get("/api/messages/public").statusCode(), is(200));
    }

    private long malformedCount() {
        String metrics = Management.http().get("/metrics").body();
        return metrics.lines()
                .filter(line -> line.startsWith("connections_closed_total{") && line.contains("reason=\"malformed\""))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
