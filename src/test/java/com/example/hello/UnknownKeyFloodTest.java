package com.example.hello;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.example.hello.support.Http;
import com.example.hello.support.TestIssuer;

import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;

import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/** Tokens naming made-up keys cannot turn the service into a load generator against the issuer. */
@HelidonTest
class UnknownKeyFloodTest {
    private static final String PROTECTED = "/api/messages/protected";
    private static final TestIssuer ISSUER = TestIssuer.start();
    private static final Duration MIN_REFRESH = Duration.ofSeconds(1);
    private static final Duration FLOOD = Duration.ofSeconds(3);

    private final Http http;

    @Inject
    UnknownKeyFloodTest(WebTarget target) {
        this.http = new Http(target.getUri());
    }

    @AddConfigSource
    static ConfigSource config() {
        return ISSUER.config(Map.of("jwks.min-refresh-interval", MIN_REFRESH.toString()));
    }

    @Test
    void floodOfUnknownKeyIdsFetchesTheKeysAtMostOncePerInterval() throws Exception {
        String valid = ISSUER.token().sign();
        assertThat(http.getWithToken(PROTECTED, valid).statusCode(), is(200));
        int fetchesBefore = ISSUER.jwksFetches();

        // Signed before the flood: RSA signing on the same two cores would slow the server more than the flood does.
        List<String> forgedTokens = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            forgedTokens.add(ISSUER.token().header("kid", UUID.randomUUID().toString()).sign());
        }
        Map<Integer, Integer> floodStatuses = new ConcurrentHashMap<>();
        AtomicLong slowestValidNanos = new AtomicLong();
        Map<Integer, Integer> validStatuses = new ConcurrentHashMap<>();
        long end = System.nanoTime() + FLOOD.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int first = i;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int n = first; System.nanoTime() < end; n++) {
                    String forged = forgedTokens.get(n % forgedTokens.size());
                    floodStatuses.merge(http.getWithToken(PROTECTED, forged).statusCode(), 1, Integer::sum);
                }
            }));
        }
        threads.add(Thread.ofPlatform().start(() -> {
            while (System.nanoTime() < end) {
                long start = System.nanoTime();
                validStatuses.merge(http.getWithToken(PROTECTED, valid).statusCode(), 1, Integer::sum);
                slowestValidNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
            }
        }));
        for (Thread thread : threads) {
            thread.join();
        }
        int fetches = ISSUER.jwksFetches() - fetchesBefore;
        long allowed = FLOOD.dividedBy(MIN_REFRESH) + 1;
        System.out.printf("unknown-kid flood: %s, valid requests: %s, JWKS fetches: %d (allowed %d), "
                                  + "slowest valid request: %d ms%n",
                          floodStatuses, validStatuses, fetches, allowed, slowestValidNanos.get() / 1_000_000);

        assertThat("forged tokens are all refused", floodStatuses.keySet(), is(java.util.Set.of(401)));
        assertThat("valid tokens all pass", validStatuses.keySet(), is(java.util.Set.of(200)));
        assertThat("JWKS fetches during the flood", (long) fetches, lessThanOrEqualTo(allowed));
        // A valid token never waits for the fetch (timeout 2 s); 1.9 s leaves a loaded machine its pauses
        assertThat("slowest valid request (ms)", slowestValidNanos.get() / 1_000_000, lessThan(1_900L));
    }
}
