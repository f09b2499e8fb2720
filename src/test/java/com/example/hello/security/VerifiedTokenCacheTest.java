package com.example.hello.security;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.example.hello.config.Auth0Settings;
import com.example.hello.support.MutableClock;
import com.example.hello.support.TestIssuer;
import com.example.hello.support.TestIssuer.SigningKey;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.sameInstance;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Tokens already verified are not verified again, and reusing a decision never accepts what a full check would
 * refuse: expiry, key removal and key set refreshes are honoured, and the cache stays within its bound.
 */
class VerifiedTokenCacheTest {
    private static final Duration SKEW = Duration.ofSeconds(30);
    private static final Duration MAX_AGE = Duration.ofMinutes(10);
    /** A key the issuer never publishes. */
    private static final SigningKey FOREIGN_KEY = TestIssuer.newKey("key-2");

    private MutableClock clock;
    private TestIssuer issuer;
    private SigningKey firstKey;
    private JwksKeySource keys;
    private AccessTokenVerifier verifier;

    @BeforeEach
    void startIssuer() {
        issuer = TestIssuer.start();
        firstKey = issuer.currentKey();
        // After the key generation above, which can take seconds on a loaded machine: tokens' exp come from now.
        clock = new MutableClock(Instant.now());
        verifier = verifier(1024 * 1024);
        awaitKeys(); // the first fetch of a cold JVM on a loaded machine can take longer than a request waits
    }

    @AfterEach
    void stopIssuer() {
        keys.close();
        issuer.close();
    }

    @Test
    void aTokenSentAgainGetsTheEarlierDecision() throws TokenRejectedException {
        String token = token(firstKey, 3600);

        VerifiedAccessToken first = verifier.verify(token);

        assertThat("same verified token, not verified again", verifier.verify(token), is(sameInstance(first)));
    }

    @Test
    void aCachedTokenIsRefusedOnceItExpires() throws TokenRejectedException {
        String token = token(firstKey, 60);
        verifier.verify(token);

        clock.advance(Duration.ofSeconds(60).plus(SKEW).minusSeconds(2));
        verifier.verify(token);
        clock.advance(Duration.ofSeconds(3));

        assertThat("refused after exp + skew", reason(token), is(TokenRejection.EXPIRED));
    }

    @Test
    void aCachedTokenIsRefusedOnceItsKeyLeavesTheKeySet() throws TokenRejectedException {
        String token = token(firstKey, 3600);
        verifier.verify(token);

        issuer.rotate("key-2");
        issuer.retire(firstKey);
        refreshKeysAfterMaxAge(token);

        assertThat("refused: its key is no longer published", reason(token), is(TokenRejection.UNKNOWN_KEY));
    }

    @Test
    void aRefreshOfTheKeySetDropsTheEarlierDecision() throws TokenRejectedException {
        String token = token(firstKey, 3600);
        VerifiedAccessToken first = verifier.verify(token);

        issuer.rotate("key-2");
        refreshKeysAfterMaxAge(token);
        VerifiedAccessToken afterRefresh = verifier.verify(token);

        assertThat("verified afresh against the new key set", afterRefresh == first, is(false));
        assertThat("and remembered again", verifier.verify(token), is(sameInstance(afterRefresh)));
    }

    @Test
    void aBadSignatureIsRefusedEveryTime() {
        String token = token(firstKey, 3600);
        String forged = token.substring(0, token.lastIndexOf('.') + 1) + tokenSignature(token(FOREIGN_KEY, 3600));

        assertThat("first time", reason(forged), is(TokenRejection.BAD_SIGNATURE));
        assertThat("again", reason(forged), is(TokenRejection.BAD_SIGNATURE));
    }

    @Test
    void aTokenNotValidYetIsAcceptedOnceItsTimeComes() throws TokenRejectedException {
        String token = issuer.token().signWith(firstKey).notBeforeInSeconds(120).sign();
        assertThat("refused before nbf", reason(token), is(TokenRejection.NOT_YET_VALID));

        clock.advance(Duration.ofSeconds(120));

        assertThat("accepted at nbf", verifier.verify(token).claims().notBefore().isPresent(), is(true));
    }

    @Test
    void aCachedDecisionStandsWhileTheIssuerHangsPastMaxAge() throws TokenRejectedException {
        String token = token(firstKey, 3600);
        VerifiedAccessToken first = verifier.verify(token);
        issuer.hanging(true);
        try {
            clock.advance(MAX_AGE.plusSeconds(1));
            long start = System.nanoTime();
            VerifiedAccessToken again = verifier.verify(token);
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertThat("the earlier decision, the cached keys kept", again, is(sameInstance(first)));
            assertThat("answered without waiting for the issuer (ms)", millis, lessThan(500L));
        } finally {
            issuer.hanging(false);
        }
    }

    @Test
    void theCacheKeepsNoMoreThanItsBound() {
        long bound = 10L * VerifiedTokenCache.REJECTION_BYTES;
        VerifiedTokenCache cache = new VerifiedTokenCache(bound, clock);
        for (int i = 0; i < 50; i++) {
            cache.put(VerifiedTokenCache.digest("token-" + i),
                      VerifiedTokenCache.Entry.rejected("key-1", null, TokenRejection.EXPIRED));
            assertThat("bytes after " + (i + 1) + " insertions", cache.weight(), lessThanOrEqualTo(bound));
            assertThat("entries after " + (i + 1) + " insertions", cache.size(), lessThanOrEqualTo(10L));
        }
    }

    @Test
    void anAcceptedTokenWeighsByItsLength() {
        VerifiedTokenCache.Entry entry = VerifiedTokenCache.Entry.accepted("key-1", null, null, Instant.MAX, 800);
        assertThat("an Auth0-sized token", entry.bytes(), is(1_024 + 4 * 800));
    }

    @Test
    void tokensSentOftenSurviveAFloodOfTokensSentOnce() {
        VerifiedTokenCache cache = new VerifiedTokenCache(100L * VerifiedTokenCache.REJECTION_BYTES, clock);
        VerifiedTokenCache.Entry decision = VerifiedTokenCache.Entry.rejected("key-1", null, TokenRejection.EXPIRED);
        List<VerifiedTokenCache.TokenDigest> hot = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            VerifiedTokenCache.TokenDigest digest = VerifiedTokenCache.digest("hot-" + i);
            hot.add(digest);
            cache.put(digest, decision);
        }
        for (int i = 0; i < 5_000; i++) {
            // the tokens of active users keep coming back while a flood of new ones passes
            VerifiedTokenCache.TokenDigest returning = hot.get(i % hot.size());
            if (cache.get(returning) == null) {
                cache.put(returning, decision);
            }
            cache.put(VerifiedTokenCache.digest("once-" + i), decision);
        }
        cache.weight(); // runs pending maintenance
        long kept = hot.stream().filter(digest -> cache.get(digest) != null).count();
        assertThat("returning tokens still cached after 5,000 one-off tokens", kept, is(20L));
    }

    private AccessTokenVerifier verifier(long cacheBytes) {
        Auth0Settings settings = new Auth0Settings(issuer.issuer(), URI.create(issuer.jwksUrl()),
                                                   Set.of(TestIssuer.AUDIENCE), SKEW, true, Duration.ZERO, MAX_AGE);
        keys = new JwksKeySource(settings.jwksUri(), settings.jwksMinRefreshInterval(), settings.jwksMaxAge(),
                                 clock::nanoTime);
        return new AccessTokenVerifier(settings, keys, clock, cacheBytes);
    }

    /**
     * Moves past max-age; the next request still gets the cached keys, without waiting, and starts a fetch in the
     * background, which this waits for.
     */
    private void refreshKeysAfterMaxAge(String token) throws TokenRejectedException {
        int fetchesBefore = issuer.jwksFetches();
        clock.advance(MAX_AGE.plusSeconds(1));
        verifier.verify(token);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (issuer.jwksFetches() == fetchesBefore || keys.fetchInFlight() != null) {
            assertThat("the keys were fetched again within 10 s", System.nanoTime() < deadline, is(true));
            LockSupport.parkNanos(5_000_000);
        }
    }

    private void awaitKeys() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!keys.holdsKeys()) {
            assertThat("keys loaded within 10 s", System.nanoTime() < deadline, is(true));
            LockSupport.parkNanos(5_000_000);
        }
    }

    private String token(SigningKey key, long lifetimeSeconds) {
        return issuer.token().signWith(key).expiresInSeconds(lifetimeSeconds).sign();
    }

    private static String tokenSignature(String token) {
        return token.substring(token.lastIndexOf('.') + 1);
    }

    private TokenRejection reason(String token) {
        return assertThrows(TokenRejectedException.class, () -> verifier.verify(token)).reason();
    }
}
