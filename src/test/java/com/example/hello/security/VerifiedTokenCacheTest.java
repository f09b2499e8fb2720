package com.example.hello.security;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.example.hello.config.Auth0Settings;
import com.example.hello.support.MutableClock;
import com.example.hello.support.TestIssuer;
import com.example.hello.support.TestIssuer.SigningKey;

import jakarta.json.Json;

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
        // Tokens' iat and exp come from this clock (see token), not from the real time
        clock = new MutableClock(Instant.ofEpochSecond(Instant.now().getEpochSecond()));
        verifier = verifier(1024 * 1024);
        KeysLoaded.await(keys);
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
        String token = issuer.token().signWith(firstKey)
                .claim("nbf", Json.createValue(clock.instant().getEpochSecond() + 120)).sign();
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
    void anAcceptedTokensDecisionLeavesTheCacheWhenTheTokenExpires() throws TokenRejectedException {
        verifier.verify(token(firstKey, 60));
        assertThat("remembered", verifier.rememberedDecisions(), is(1L));

        clock.advance(Duration.ofSeconds(60).plus(SKEW).minusSeconds(1));
        assertThat("a second before exp + skew", verifier.rememberedDecisions(), is(1L));
        // Caffeine expires in steps of about a second (its timer wheel); two seconds past, the entry has left
        clock.advance(Duration.ofSeconds(3));
        assertThat("two seconds after exp + skew", verifier.rememberedDecisions(), is(0L));
    }

    @Test
    void aMalformedTokenIsNotRemembered() {
        // three canonical base64url segments, whose header is not JSON
        String malformed = base64Url("not a header") + "." + base64Url("{}") + ".abc";
        assertThat(reason(malformed), is(TokenRejection.MALFORMED));
        assertThat("decisions remembered", verifier.rememberedDecisions(), is(0L));
    }

    @Test
    void aTokenNamingAnUnknownKeyIsNotRemembered() {
        assertThat(reason(token(FOREIGN_KEY, 3600)), is(TokenRejection.UNKNOWN_KEY));
        assertThat("decisions remembered", verifier.rememberedDecisions(), is(0L));
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

    /**
     * Frequency-based admission, not recency: between two visits of a returning token, more one-off tokens pass than
     * the cache holds. Under plain LRU every returning token would have been pushed out by its next visit, each visit
     * a miss; W-TinyLFU refuses the one-off tokens entry, as each was seen once and the returning ones often. A miss
     * is put back, as the verifier does after deciding afresh; the first round lets the admission settle (a token still
     * in the admission window competes with an equally frequent one and may lose once).
     */
    @Test
    void tokensSentOftenSurviveAFloodOfTokensSentOnce() {
        int capacity = 100;
        // Caffeine's upkeep on this thread: each visit is counted before the next put, whatever the machine's load
        VerifiedTokenCache cache = new VerifiedTokenCache(capacity * (long) VerifiedTokenCache.REJECTION_BYTES, clock,
                                                          Runnable::run);
        VerifiedTokenCache.Entry decision = VerifiedTokenCache.Entry.rejected("key-1", null, TokenRejection.EXPIRED);
        List<VerifiedTokenCache.TokenDigest> returning = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            returning.add(VerifiedTokenCache.digest("returning-" + i));
            cache.put(returning.getLast(), decision);
        }
        for (int round = 0; round < 5; round++) { // the tokens of active users: each seen a few times already
            returning.forEach(cache::get);
        }
        int once = 0;
        int misses = 0;
        for (int round = 0; round < 10; round++) {
            for (VerifiedTokenCache.TokenDigest digest : returning) {
                if (cache.get(digest) == null) {
                    cache.put(digest, decision);
                    misses += round == 0 ? 0 : 1;
                }
                for (int i = 0; i < capacity + capacity / 2; i++) { // 150 one-off tokens before the next visit
                    cache.put(VerifiedTokenCache.digest("once-" + once++), decision);
                }
            }
        }
        // LRU misses all 180 visits; W-TinyLFU keeps most returning tokens
        assertThat("visits of returning tokens after the first round that found no decision, over " + once
                   + " one-off tokens (LRU: all 180)", misses, lessThan(90));
    }

    private AccessTokenVerifier verifier(long cacheBytes) {
        Auth0Settings settings = new Auth0Settings(issuer.issuer(), URI.create(issuer.jwksUrl()),
                                                   Set.of(TestIssuer.AUDIENCE), SKEW, true, Duration.ZERO, MAX_AGE);
        keys = new JwksKeySource(settings.jwksUri(), settings.jwksMinRefreshInterval(), settings.jwksMaxAge(),
                                 clock::nanoTime);
        return new AccessTokenVerifier(settings, keys, clock, cacheBytes, clock::nanoTime);
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

    /** A token that expires {@code lifetimeSeconds} after the verifier's clock, however long the set-up took. */
    private String token(SigningKey key, long lifetimeSeconds) {
        return issuer.token().signWith(key)
                .claim("iat", Json.createValue(clock.instant().getEpochSecond()))
                .claim("exp", Json.createValue(clock.instant().getEpochSecond() + lifetimeSeconds))
                .sign();
    }

    private static String base64Url(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String tokenSignature(String token) {
        return token.substring(token.lastIndexOf('.') + 1);
    }

    private TokenRejection reason(String token) {
        return assertThrows(TokenRejectedException.class, () -> verifier.verify(token)).reason();
    }
}
