package com.example.hello;

import java.time.Duration;
import java.util.Map;

import com.example.hello.support.Http;
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
import static org.hamcrest.Matchers.is;

/** The issuer rotates its signing key: new tokens work at once, the old key's tokens stop once it is withdrawn. */
@HelidonTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeyRotationTest {
    private static final String PROTECTED = "/api/messages/protected";
    private static final TestIssuer ISSUER = TestIssuer.start();
    private static final TestIssuer.SigningKey FIRST_KEY = ISSUER.currentKey();
    /** Generated up front: key generation can take a second on a loaded machine, longer than a refresh interval. */
    private static final TestIssuer.SigningKey NEXT_KEY = TestIssuer.newKey("key-2");
    private static final Duration MAX_AGE = Duration.ofSeconds(3);

    private final Http http;

    @Inject
    KeyRotationTest(WebTarget target) {
        this.http = new Http(target.getUri());
    }

    @AddConfigSource
    static ConfigSource config() {
        // Max-age 3 s: the periodic refresh (every 2.4 s) cannot stand in for the fetch a new kid triggers in order 1.
        return ISSUER.config(Map.of("jwks.min-refresh-interval", "PT0.2S", "jwks.max-age", MAX_AGE.toString()));
    }

    @Test
    @Order(1)
    void tokensOfANewKeyAreAcceptedWithoutARestart() throws Exception {
        assertThat(http.getWithToken(PROTECTED, ISSUER.token().sign()).statusCode(), is(200));
        // Right after a periodic refresh the next is 2.4 s away, far beyond the 300 ms below: only the fetch the
        // new kid triggers can bring the new key in time.
        int fetches = ISSUER.jwksFetches();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ISSUER.jwksFetches() == fetches) {
            assertThat("a periodic refresh within 10 s", System.nanoTime() < deadline, is(true));
            Thread.sleep(10);
        }
        ISSUER.rotate(NEXT_KEY);
        Thread.sleep(300); // past the least interval between two JWKS fetches
        assertThat("a token of the new key", http.getWithToken(PROTECTED, ISSUER.token().sign()).statusCode(),
                   is(200));
        assertThat("a token of the old key, still published",
                   http.getWithToken(PROTECTED, ISSUER.token().signWith(FIRST_KEY).sign()).statusCode(), is(200));
    }

    @Test
    @Order(2)
    void tokensOfAWithdrawnKeyAreRefusedOnceTheKeysAreRefreshed() throws Exception {
        String oldKeyToken = ISSUER.token().signWith(FIRST_KEY).sign();
        ISSUER.retire(FIRST_KEY);
        Thread.sleep(MAX_AGE.toMillis() + 200); // past jwks.max-age: the keys were fetched again meanwhile
        var response = http.getWithToken(PROTECTED, oldKeyToken);
        assertJson(response, 401, object("message", "Bad credentials"));
        assertThat(header(response, "WWW-Authenticate"), containsString("signed with an unknown key"));
        assertThat("the current key still works",
                   http.getWithToken(PROTECTED, ISSUER.token().sign()).statusCode(), is(200));
    }
}
