package com.example.hello;

import java.net.URI;
import java.util.List;
import java.util.Map;

import com.example.hello.support.RawHttp;
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
 * An answer to {@code HEAD} has no content (RFC 9110 §9.3.2), whoever writes it: the server's own errors, CORS,
 * security and the HTTP parser. Content sent anyway would be read by a client or proxy reusing the connection as the
 * start of the next answer; so each case is followed by a GET on the same connection, whose answer must come
 * whole. The server's own error answers (404, 431) keep the {@code Content-Length} a GET would get, as RFC 9110
 * §8.6 asks; Jersey (refusals and the 200 alike), the CORS feature and the parser's answers say {@code 0}: Helidon
 * writes the length of what it sends there.
 */
@HelidonTest
class HeadRequestsTest {
    private static final String THEN_GET = "GET /api/messages/public HTTP/1.1\nHost: localhost\n\n";
    private static final String PUBLIC_MESSAGE =
            "{\"text\":\"The API doesn't require an access token to share this message.\"}";

    private final URI base;

    @Inject
    HeadRequestsTest(WebTarget target) {
        this.base = target.getUri();
    }

    @AddConfigSource
    static ConfigSource config() {
        return TestIssuer.shared().config(Map.of());
    }

    @Test
    void headOfAPathTheApiDoesNotHaveGetsA404WithoutContent() {
        assertHeadAnswerThenGet("HEAD /nope HTTP/1.1\nHost: localhost\n\n",
                                "HTTP/1.1 404 Not Found", "{\"message\":\"Not Found\"}");
    }

    @Test
    void headFromAForeignOriginGetsTheCorsRefusalWithoutContent() {
        // Helidon's CORS feature sends an empty answer, which Helidon gives Content-Length: 0 (as Jersey does)
        assertNoContentThenGet("HEAD /api/messages/public HTTP/1.1\nHost: localhost\nOrigin: https://evil.example.com\n\n",
                               "HTTP/1.1 403 Forbidden", "0");
    }

    @Test
    void headWithOversizedHeadersGetsA431WithoutContent() {
        assertHeadAnswerThenGet("HEAD /api/messages/public HTTP/1.1\nHost: localhost\nX-Filler: " + "f".repeat(17 * 1024)
                                + "\n\n",
                                "HTTP/1.1 431 Request Header Fields Too Large",
                                "{\"message\":\"Request Header Fields Too Large\"}");
    }

    @Test
    void headWithoutATokenGetsA401WithoutContent() {
        assertJaxRsHeadAnswerThenGet("HEAD /api/messages/protected HTTP/1.1\nHost: localhost\n\n",
                                     "HTTP/1.1 401 Unauthorized");
    }

    @Test
    void headWithoutThePermissionGetsA403WithoutContent() {
        String token = TestIssuer.shared().token().permissions().sign();
        assertJaxRsHeadAnswerThenGet("HEAD /api/messages/admin HTTP/1.1\nHost: localhost\nAuthorization: Bearer "
                                     + token + "\n\n",
                                     "HTTP/1.1 403 Forbidden");
    }

    @Test
    void headOfAPublicMessageHasNoContent() {
        assertJaxRsHeadAnswerThenGet("HEAD /api/messages/public HTTP/1.1\nHost: localhost\n\n", "HTTP/1.1 200 OK");
    }

    /** The parser's answers close the connection: nothing may follow the head before the end of the stream. */
    @Test
    void headTheParserRefusesGetsA400WithoutContent() {
        List<RawHttp.Answer> answers = RawHttp.pipeline(base, """
                HEAD /api/messages/public HTTP/1.1
                Host: localhost
                Transfer-Encoding: chunked, identity

                """, "HEAD");
        assertThat(answers.getFirst().statusLine(), is("HTTP/1.1 400 Bad Request"));
        // Helidon writes the length of what it sends for the parser's answers
        assertThat(answers.getFirst().headers(), hasEntry("content-length", "0"));
        assertThat("closed right after the head, no content", answers.getFirst().closed(), is(true));
    }

    private void assertHeadAnswerThenGet(String head, String statusLine, String bodyAGetWouldHave) {
        assertNoContentThenGet(head, statusLine, String.valueOf(bodyAGetWouldHave.length()));
    }

    private void assertJaxRsHeadAnswerThenGet(String head, String statusLine) {
        assertNoContentThenGet(head, statusLine, "0");
    }

    private void assertNoContentThenGet(String head, String statusLine, String contentLength) {
        List<RawHttp.Answer> answers = RawHttp.pipeline(base, head + THEN_GET, "HEAD", "GET");
        assertThat(answers.get(0).statusLine(), is(statusLine));
        assertThat("Content-Length", answers.get(0).headers(), hasEntry("content-length", contentLength));
        assertThat("the next answer comes whole", answers.get(1).statusLine(), is("HTTP/1.1 200 OK"));
        assertThat(answers.get(1).body(), is(PUBLIC_MESSAGE));
    }
}
