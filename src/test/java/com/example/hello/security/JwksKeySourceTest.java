package com.example.hello.security;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import com.example.hello.support.TestIssuer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The issuer's keys are fetched in the background: a key already held never waits for the issuer, whatever it does;
 * an unknown key waits a bounded time; the keys are refreshed ahead of max-age, and after a failure, without traffic.
 */
class JwksKeySourceTest {
    private TestIssuer issuer;
    private JwksKeySource keys;

    @BeforeEach
    void startIssuer() {
        issuer = TestIssuer.start();
    }

    @AfterEach
    void stop() {
        issuer.hanging(false);
        if (keys != null) {
            keys.close();
        }
        issuer.close();
    }

    @Test
    void aKeyHeldIsServedAtOnceWhileTheIssuerHangsPastMaxAge() throws Exception {
        keys = source(issuer.jwksUrl(), Duration.ofMillis(100), Duration.ofMillis(500));
        awaitTrue("keys loaded", keys::holdsKeys);
        issuer.hanging(true);
        int fetchesBefore = issuer.jwksFetches();
        Thread.sleep(700); // past max-age

        long slowest = 0;
        for (int i = 0; i < 200; i++) {
            long start = System.nanoTime();
            keys.keysHolding("key-1");
            slowest = Math.max(slowest, System.nanoTime() - start);
        }

        assertThat("slowest lookup (ms)", slowest / 1_000_000, lessThan(100L));
        awaitTrue("a refresh was tried", () -> issuer.jwksFetches() > fetchesBefore);
        assertThat("still available", keys.keysAvailable(), is(true));
    }

    @Test
    void anUnknownKeyWaitsAboutASecondForAHangingIssuerThenIsRefused() {
        keys = source(issuer.jwksUrl(), Duration.ofMillis(100), Duration.ofMinutes(10));
        awaitTrue("keys loaded", keys::holdsKeys);
        issuer.hanging(true);
        sleep(150); // past the refresh limit

        long start = System.nanoTime();
        TokenRejection reason = rejection("key-that-does-not-exist");
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(reason, is(TokenRejection.UNKNOWN_KEY));
        assertThat("waited for the fetch in flight (ms)", millis, greaterThanOrEqualTo(900L));
        assertThat("but not for the issuer's timeout (ms)", millis, lessThan(1_800L));
    }

    @Test
    void withoutKeysAHangingIssuerMeansUnavailableInBoundedTimeAndFastAfterwards() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // Nothing accepts: the kernel completes the handshake, and no byte ever comes back.
            keys = source("http://127.0.0.1:" + silent.getLocalPort() + "/.well-known/jwks.json",
                          Duration.ofSeconds(5), Duration.ofMinutes(10));

            long start = System.nanoTime();
            TokenRejection first = rejection("key-1");
            long firstMillis = (System.nanoTime() - start) / 1_000_000;
            start = System.nanoTime();
            TokenRejection second = rejection("key-1");
            long secondMillis = (System.nanoTime() - start) / 1_000_000;

            assertThat(first, is(TokenRejection.KEYS_UNAVAILABLE));
            assertThat("first request (ms)", firstMillis, lessThan(1_800L));
            assertThat(second, is(TokenRejection.KEYS_UNAVAILABLE));
            assertThat("second request, within the refresh limit (ms)", secondMillis, lessThan(300L));
        }
    }

    @Test
    void keysAreRefreshedAheadOfMaxAgeWithoutTraffic() {
        keys = source(issuer.jwksUrl(), Duration.ofMillis(100), Duration.ofMillis(500));
        awaitTrue("keys loaded", keys::holdsKeys);
        int fetchesAfterFirst = issuer.jwksFetches();

        sleep(1_200);

        // ahead of max-age: every 400 ms, so two or three in 1.2 s
        assertThat("fetches without any request", issuer.jwksFetches() - fetchesAfterFirst, greaterThanOrEqualTo(2));
    }

    @Test
    void aRotatedKeyIsFetchedForTheFirstTokenThatNamesIt() throws TokenRejectedException {
        keys = source(issuer.jwksUrl(), Duration.ofMillis(100), Duration.ofMinutes(10));
        awaitTrue("keys loaded", keys::holdsKeys);
        issuer.rotate("key-2");
        sleep(150); // past the refresh limit

        assertThat(keys.keysHolding("key-2").forKeyId("key-2").isPresent(), is(true));
    }

    @Test
    void anIssuerDownAtStartIsRetriedUntilItAnswersWithoutTraffic() {
        issuer.available(false);
        keys = source(issuer.jwksUrl(), Duration.ofMillis(100), Duration.ofMinutes(10));
        assertThat("no keys while the issuer answers 503", keys.keysAvailable(), is(false));
        int fetchesWhileDown = issuer.jwksFetches();
        sleep(500);
        assertThat("retried in the background", issuer.jwksFetches(), greaterThan(fetchesWhileDown));

        issuer.available(true);
        // retries double from 100 ms: within a few seconds one succeeds
        awaitTrue("keys fetched by a retry", keys::holdsKeys);
    }

    @Test
    void aFloodOfUnknownKeysFetchesAtMostOncePerInterval() {
        keys = source(issuer.jwksUrl(), Duration.ofSeconds(1), Duration.ofMinutes(10));
        awaitTrue("keys loaded", keys::holdsKeys);
        int fetchesBefore = issuer.jwksFetches();

        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_500);
        int refused = 0;
        while (System.nanoTime() < end) {
            if (rejection("made-up-" + refused) == TokenRejection.UNKNOWN_KEY) {
                refused++;
            }
        }

        assertThat("unknown keys refused", refused, greaterThan(100));
        assertThat("fetches in 1.5 s with a 1 s limit", issuer.jwksFetches() - fetchesBefore, lessThan(3));
    }

    private JwksKeySource source(String url, Duration minRefresh, Duration maxAge) {
        return new JwksKeySource(URI.create(url), minRefresh, maxAge, Clock.systemUTC());
    }

    private TokenRejection rejection(String keyId) {
        return assertThrows(TokenRejectedException.class, () -> keys.keysHolding(keyId)).reason();
    }

    private static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(what + " within 10 s", System.nanoTime() < deadline, is(true));
            LockSupport.parkNanos(20_000_000);
        }
    }

    private static void sleep(long millis) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis));
    }
}
