package com.example.hello.security;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

import com.example.hello.config.Auth0Settings;
import com.example.hello.support.TestIssuer;
import com.example.hello.support.TestIssuer.SigningKey;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
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

    private final MutableClock clock = new MutableClock(Instant.now());
    private TestIssuer issuer;
    private SigningKey firstKey;
    private AccessTokenVerifier verifier;

    @BeforeEach
    void startIssuer() {
        issuer = TestIssuer.start();
        firstKey = issuer.currentKey();
        verifier = verifier(100);
    }

    @AfterEach
    void stopIssuer() {
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
        clock.advance(MAX_AGE.plusSeconds(1));

        assertThat("refused: its key is no longer published", reason(token), is(TokenRejection.UNKNOWN_KEY));
    }

    @Test
    void aRefreshOfTheKeySetDropsTheEarlierDecision() throws TokenRejectedException {
        String token = token(firstKey, 3600);
        VerifiedAccessToken first = verifier.verify(token);

        issuer.rotate("key-2");
        clock.advance(MAX_AGE.plusSeconds(1));
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
    void theCacheTakesAtMostAThirdOfTheHeap() {
        long mebibyte = 1024 * 1024;
        assertThat("96 MB heap: 32 MB of 4 KB decisions", SecurityExtension.cachedDecisions(96 * mebibyte), is(8_192));
        assertThat("small heap: a floor", SecurityExtension.cachedDecisions(8 * mebibyte), is(1_024));
        assertThat("large heap: a ceiling", SecurityExtension.cachedDecisions(4_096 * mebibyte), is(16_384));
    }

    @Test
    void theCacheKeepsNoMoreThanItsBound() {
        VerifiedTokenCache cache = new VerifiedTokenCache(10);
        Instant now = clock.instant();
        for (int i = 0; i < 50; i++) {
            cache.put(VerifiedTokenCache.digest("token-" + i),
                      VerifiedTokenCache.Entry.rejected("key-1", null, TokenRejection.EXPIRED), now);
            assertThat("entries after " + (i + 1) + " insertions", cache.size(), lessThanOrEqualTo(10));
        }
    }

    private AccessTokenVerifier verifier(int cachedDecisions) {
        Auth0Settings settings = new Auth0Settings(issuer.issuer(), URI.create(issuer.jwksUrl()),
                                                   Set.of(TestIssuer.AUDIENCE), SKEW, true, Duration.ZERO, MAX_AGE);
        JwksKeySource keys = new JwksKeySource(settings.jwksUri(), settings.jwksMinRefreshInterval(),
                                               settings.jwksMaxAge(), clock);
        return new AccessTokenVerifier(settings, keys, clock, cachedDecisions);
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

    /** A clock the test moves forward. */
    private static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
