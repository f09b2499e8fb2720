package com.example.hello;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.example.hello.support.AppProcess;
import com.example.hello.support.Http;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static com.example.hello.support.Responses.assertJson;
import static com.example.hello.support.Responses.header;
import static com.example.hello.support.Responses.object;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * {@code CLIENT_ORIGIN_URL} set in the environment replaces the default origin: a server started with two origins
 * (comma-separated) lets both call it from a browser, and refuses the default {@code http://localhost:4040}.
 */
class ClientOriginSettingTest {
    private static final String PUBLIC = "/api/messages/public";

    @TempDir
    static Path workingDirectory;

    private static AppProcess app;
    private static Http http;

    @BeforeAll
    static void startWithOtherOrigins() {
        app = AppProcess.start(workingDirectory, Map.of(
                "AUTH0_DOMAIN", "tenant.example.com",
                "AUTH0_AUDIENCE", "https://api.example.com",
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", "http://127.0.0.1:1/.well-known/jwks.json",
                "CLIENT_ORIGIN_URL", "https://app.example.com,https://admin.example.com:8443"));
        http = new Http(URI.create("http://127.0.0.1:" + app.awaitStartedPort(Duration.ofSeconds(60))));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://app.example.com", "https://admin.example.com:8443"})
    void theConfiguredOriginsAreAllowed(String origin) {
        HttpResponse<String> response = http.get(PUBLIC, "Origin", origin);
        assertThat(response.statusCode(), is(200));
        assertThat(header(response, "Access-Control-Allow-Origin"), is(origin));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:4040", "https://app.example.com:8443"})
    void theDefaultOriginAndOthersAreRefused(String origin) {
        HttpResponse<String> response = http.get(PUBLIC, "Origin", origin);
        assertJson(response, 403, object("message",
                                         "Cross-origin request refused: origin, method or header not allowed"));
        assertThat(response.headers().allValues("Access-Control-Allow-Origin"), is(List.of()));
    }
}
