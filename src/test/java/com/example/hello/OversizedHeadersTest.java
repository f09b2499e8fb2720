package com.example.hello;

import java.net.http.HttpResponse;
import java.util.Map;

import com.example.hello.support.Http;
import com.example.hello.support.Management;
import com.example.hello.support.TestIssuer;

import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;

import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static com.example.hello.support.Responses.assertJson;
import static com.example.hello.support.Responses.object;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Oversized headers get a JSON 431 (up to 128 KiB, what Helidon's parser reads), beyond that the parser's bare 400;
 * never a 500, and the server stays healthy.
 */
@HelidonTest
class OversizedHeadersTest {
    private final Http http;

    @Inject
    OversizedHeadersTest(WebTarget target) {
        this.http = new Http(target.getUri());
    }

    @AddConfigSource
    static ConfigSource config() {
        return TestIssuer.shared().config(Map.of());
    }

    @ParameterizedTest
    @ValueSource(ints = {17 * 1024, 64 * 1024, 100 * 1024})
    void oversizedAuthorizationIsRefusedWith431(int size) {
        HttpResponse<String> response = http.get("/api/messages/protected", "Authorization",
                                                 "Bearer " + "a".repeat(size));
        assertJson(response, 431, object("message", "Request Header Fields Too Large"));
        assertThat(Management.http().get("/health/live").statusCode(), is(200));
    }

    @ParameterizedTest
    @ValueSource(ints = {200 * 1024, 1024 * 1024})
    void headersBeyondTheParserLimitGetA400NeverA500(int size) {
        HttpResponse<String> response = http.get("/api/messages/protected", "Authorization",
                                                 "Bearer " + "a".repeat(size));
        assertThat(response.statusCode(), is(400));
        assertThat(Management.http().get("/health/live").statusCode(), is(200));
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 40})
    void oversizedHeadersInTotalAreRefusedWith431(int headers) {
        String[] pairs = new String[headers * 2];
        for (int i = 0; i < headers; i++) {
            pairs[2 * i] = "X-Filler-" + i;
            pairs[2 * i + 1] = "f".repeat(2_500);
        }
        assertJson(http.get("/api/messages/public", pairs), 431, object("message", "Request Header Fields Too Large"));
        assertThat(Management.http().get("/health/live").statusCode(), is(200));
    }
}
