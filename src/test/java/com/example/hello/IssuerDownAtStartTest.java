package com.example.hello;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.example.hello.support.Http;
import com.example.hello.support.Management;
import com.example.hello.support.TestIssuer;

import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;

import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static com.example.hello.support.Responses.assertJson;
import static com.example.hello.support.Responses.header;
import static com.example.hello.support.Responses.object;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/** The issuer is down while the service starts: it starts anyway, refuses tokens cleanly, and recovers alone. */
@HelidonTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IssuerDownAtStartTest {
    private static final String PROTECTED = "/api/messages/protected";
    private static final TestIssuer ISSUER = TestIssuer.start();

    private final Http http;

    @Inject
    IssuerDownAtStartTest(WebTarget target) {
        this.http = new Http(target.getUri());
    }

    @AddConfigSource
    static ConfigSource config() {
        ISSUER.available(false);
        return ISSUER.config(Map.of("jwks.min-refresh-interval", "PT0.2S"));
    }

    @Test
    @Order(1)
    void serviceStartsAndServesThePublicMessage() {
        assertThat(http.get("/api/messages/public").statusCode(), is(200));
        assertThat(Management.http().get("/health/ready").statusCode(), is(503));
    }

    @Test
    @Order(2)
    void tokensGetAQuick401NeitherA500NorAHang() {
        http.getWithToken(PROTECTED, ISSUER.token().sign()); // the first of a fresh server may be slow for other reasons
        long start = System.nanoTime();
        HttpResponse<String> response = http.getWithToken(PROTECTED, ISSUER.token().sign());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertJson(response, 401, object("message", "Bad credentials"));
        assertThat(header(response, "WWW-Authenticate"),
                   containsString("error_description=\"The signing keys of the issuer are unavailable\""));
        // at most the bounded wait for a fetch in flight (1 s), never the fetch timeout (2 s)
        assertThat("time to the answer", took, lessThan(Duration.ofMillis(1_900)));
    }

    @Test
    @Order(3)
    void serviceRecoversOnItsOwnWhenTheIssuerComesBack() throws Exception {
        int fetchesBefore = ISSUER.jwksFetches();
        ISSUER.available(true);
        // No request to the service: its background retries (from 0.2 s, doubling, at most a minute apart) find the
        // issuer; a slow start stretches the gap, so the guard is longer than the longest gap.
        long deadline = System.nanoTime() + Duration.ofSeconds(65).toNanos();
        while (ISSUER.jwksFetches() == fetchesBefore && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat("fetches by the service's own retries", ISSUER.jwksFetches(), is(greaterThan(fetchesBefore)));
        // The answer is on its way: wait for readiness, the guard far longer than a fetch takes
        deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Management.http().get("/health/ready").statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }

        assertThat(Management.http().get("/health/ready").statusCode(), is(200));
        assertJson(http.getWithToken(PROTECTED, ISSUER.token().sign()), 200,
                   object("text", "The API successfully validated your access token."));
    }
}
