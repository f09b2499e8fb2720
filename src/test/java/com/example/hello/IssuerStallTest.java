package com.example.hello;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.DoublePredicate;

import com.example.hello.support.Http;
import com.example.hello.support.Management;
import com.example.hello.support.PrometheusText;
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
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * An issuer that sends the JWKS headers and then stalls the body holds no thread for good: each such fetch fails
 * within the fetch timeout (counted as a failure), is retried, and once the issuer recovers the keys are fetched
 * again, a rotated key included, without a restart.
 */
@HelidonTest
class IssuerStallTest {
    private static final String PROTECTED = "/api/messages/protected";
    private static final String FETCHES = "jwks_fetches_total";
    private static final TestIssuer ISSUER = TestIssuer.start();
    /** Generated up front: key generation can take a second on a loaded machine. */
    private static final TestIssuer.SigningKey NEXT_KEY = TestIssuer.newKey("key-2");

    private final Http http;

    @Inject
    IssuerStallTest(WebTarget target) {
        this.http = new Http(target.getUri());
    }

    @AddConfigSource
    static ConfigSource config() {
        // Max-age 10 minutes: no scheduled refresh runs during the test, so every fetch counted below is one it causes.
        return ISSUER.config(Map.of("jwks.min-refresh-interval", "PT0.2S", "jwks.max-age", "PT10M"));
    }

    @Test
    void keysRefreshOnceAnIssuerThatStalledAfterTheHeadersRecovers() {
        assertThat(http.getWithToken(PROTECTED, ISSUER.token().sign()).statusCode(), is(200));
        assertThat("the first fetch", fetches("success"), is(1.0));
        assertThat("no failure yet", fetches("failure"), is(0.0));

        ISSUER.stallingBody(true);
        try {
            ISSUER.rotate(NEXT_KEY);
            String newKeyToken = ISSUER.token().sign();
            // Past the refresh limit (PT0.2S) since the first fetch: sooner, the unknown kid is refused at once with
            // no fetch at all, as the limit says (a fast first request made this test wait for a fetch that never came)
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300));
            var refused = http.getWithToken(PROTECTED, newKeyToken); // waits a second for the stalled fetch
            assertJson(refused, 401, object("message", "Bad credentials"));
            assertThat(header(refused, "WWW-Authenticate"), containsString("signed with an unknown key"));

            awaitFetches("failure", count -> count >= 1);
            assertThat("no success while the issuer stalls", fetches("success"), is(1.0));
        } finally {
            ISSUER.stallingBody(false);
        }

        awaitFetches("success", count -> count >= 2); // a retry, with the growing delay
        assertThat("a token of the rotated key, without a restart",
                   http.getWithToken(PROTECTED, ISSUER.token().sign()).statusCode(), is(200));
        assertThat("successes", fetches("success"), is(2.0));
        assertThat("every stalled fetch counted as one failure", fetches("failure"),
                   is((double) ISSUER.jwksFetches() - 2));
    }

    private static double fetches(String outcome) {
        return PrometheusText.value(Management.http().get("/metrics").body(), FETCHES, "outcome", outcome);
    }

    /** Waits for the count of {@code outcome} to satisfy {@code condition}; thirty seconds only guard the wait. */
    private static void awaitFetches(String outcome, DoublePredicate condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.test(fetches(outcome))) {
            assertThat(outcome + " count within 30 s", System.nanoTime() < deadline, is(true));
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }
}
