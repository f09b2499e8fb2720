package com.example.hello;

import java.net.http.HttpResponse;
import java.util.Map;

import com.example.hello.support.Http;
import com.example.hello.support.TestIssuer;

import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;

import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import static com.example.hello.support.Responses.assertJson;
import static com.example.hello.support.Responses.header;
import static com.example.hello.support.Responses.object;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * CORS allows exactly CLIENT_ORIGIN_URL, for GET with Authorization and Content-Type, cached for a day; anything else
 * from a browser is a 403 with a JSON message. A plain OPTIONS (no preflight) names the methods, without a body.
 */
@HelidonTest
class CorsTest {
    private static final String CLIENT = "http://localhost:4040";
    private static final String OTHER = "https://evil.example.com";
    private static final String PROTECTED = "/api/messages/protected";

    private final TestIssuer issuer = TestIssuer.shared();
    private final Http http;

    @Inject
    CorsTest(WebTarget target) {
        this.http = new Http(target.getUri());
    }

    @AddConfigSource
    static ConfigSource config() {
        return TestIssuer.shared().config(Map.of());
    }

    @Test
    void preflightFromTheClientOriginIsAllowed() {
        HttpResponse<String> response = http.send("OPTIONS", PROTECTED,
                                                  "Origin", CLIENT,
                                                  "Access-Control-Request-Method", "GET",
                                                  "Access-Control-Request-Headers", "authorization");
        assertThat(response.statusCode(), is(200));
        assertThat(header(response, "Access-Control-Allow-Origin"), is(CLIENT));
        assertThat(header(response, "Access-Control-Allow-Methods"), is("GET"));
        // Helidon names the requested headers it allows
        assertThat(header(response, "Access-Control-Allow-Headers"), is("authorization"));
        assertThat(header(response, "Access-Control-Max-Age"), is("86400"));
    }

    @Test
    void requestFromTheClientOriginIsAllowed() {
        HttpResponse<String> response = http.get(PROTECTED, "Origin", CLIENT,
                                                 "Authorization", "Bearer " + issuer.token().sign());
        assertThat(response.statusCode(), is(200));
        assertThat(header(response, "Access-Control-Allow-Origin"), is(CLIENT));
    }

    @Test
    void preflightFromAnotherOriginIsRefused() {
        assertRefused(http.send("OPTIONS", PROTECTED,
                                "Origin", OTHER,
                                "Access-Control-Request-Method", "GET"));
    }

    @Test
    void requestFromAnotherOriginIsRefused() {
        assertRefused(http.get("/api/messages/public", "Origin", OTHER));
    }

    @Test
    void preflightForAnotherMethodIsRefused() {
        assertRefused(http.send("OPTIONS", PROTECTED,
                                "Origin", CLIENT,
                                "Access-Control-Request-Method", "DELETE"));
    }

    @Test
    void preflightForAnotherHeaderIsRefused() {
        assertRefused(http.send("OPTIONS", PROTECTED,
                                "Origin", CLIENT,
                                "Access-Control-Request-Method", "GET",
                                "Access-Control-Request-Headers", "authorization,x-custom"));
    }

    @Test
    void plainOptionsNamesTheMethodsWithoutABody() {
        HttpResponse<String> response = http.send("OPTIONS", PROTECTED);
        assertThat("status", response.statusCode(), is(204));
        assertThat("allow", header(response, "Allow"), is("HEAD,GET,OPTIONS"));
        assertThat("no content type", response.headers().firstValue("Content-Type").isPresent(), is(false));
        assertThat("body", response.body(), is(""));
    }

    private static void assertRefused(HttpResponse<String> response) {
        assertJson(response, 403, object("message",
                                         "Cross-origin request refused: origin, method or header not allowed"));
        assertThat("no allowed origin", response.headers().firstValue("Access-Control-Allow-Origin").isPresent(),
                   is(false));
    }
}
