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

import static com.example.hello.support.Responses.header;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.is;

/** CORS allows exactly CLIENT_ORIGIN_URL, for GET with Authorization and Content-Type, cached for a day. */
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
        assertThat(header(response, "Access-Control-Allow-Headers"), containsStringIgnoringCase("authorization"));
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
    void preflightFromAnotherOriginIsNotAllowed() {
        HttpResponse<String> response = http.send("OPTIONS", PROTECTED,
                                                  "Origin", OTHER,
                                                  "Access-Control-Request-Method", "GET");
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin").isPresent(), is(false));
    }

    @Test
    void requestFromAnotherOriginGetsNoAllowOrigin() {
        HttpResponse<String> response = http.get("/api/messages/public", "Origin", OTHER);
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin").isPresent(), is(false));
    }

    @Test
    void preflightForAnotherMethodIsNotAllowed() {
        HttpResponse<String> response = http.send("OPTIONS", PROTECTED,
                                                  "Origin", CLIENT,
                                                  "Access-Control-Request-Method", "DELETE");
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin").isPresent(), is(false));
    }
}
