package com.example.hello.security;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import com.example.hello.config.Auth0Settings;
import com.example.hello.support.TestIssuer;
import com.example.hello.support.TestIssuer.SigningKey;

import com.sun.net.httpserver.HttpServer;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
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
    private static final SigningKey KEY_1 = TestIssuer.newKey("key-1");
    private static final SigningKey KEY_2 = TestIssuer.newKey("key-2");

    private final List<SigningKey> published = new CopyOnWriteArrayList<>(List.of(KEY_1));
    private final MutableClock clock = new MutableClock(Instant.now());
    private HttpServer jwks;
    private AccessTokenVerifier verifier;

    @BeforeEach
    void startIssuer() throws IOException {
        jwks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        jwks.createContext("/jwks", exchange -> {
            byte[] body = jwksJson().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        jwks.start();
        verifier = verifier(100);
    }

    @AfterEach
    void stopIssuer() {
        jwks.stop(0);
    }

    @Test
    void aTokenSentAgainGetsTheEarlierDecision() throws TokenRejectedException {
        String token = token(KEY_1, 3600);

        VerifiedAccessToken first = verifier.verify(token);

        assertThat("same verified token, not verified again", verifier.verify(token), is(sameInstance(first)));
    }

    @Test
    void aCachedTokenIsRefusedOnceItExpires() throws TokenRejectedException {
        String token = token(KEY_1, 60);
        verifier.verify(token);

        clock.advance(Duration.ofSeconds(60).plus(SKEW).minusSeconds(2));
        verifier.verify(token);
        clock.advance(Duration.ofSeconds(3));

        assertThat("refused after exp + skew", reason(token), is(TokenRejection.EXPIRED));
    }

    @Test
    void aCachedTokenIsRefusedOnceItsKeyLeavesTheKeySet() throws TokenRejectedException {
        String token = token(KEY_1, 3600);
        verifier.verify(token);

        published.set(0, KEY_2);
        clock.advance(MAX_AGE.plusSeconds(1));

        assertThat("refused: its key is no longer published", reason(token), is(TokenRejection.UNKNOWN_KEY));
    }

    @Test
    void aRefreshOfTheKeySetDropsTheEarlierDecision() throws TokenRejectedException {
        String token = token(KEY_1, 3600);
        VerifiedAccessToken first = verifier.verify(token);

        published.add(KEY_2);
        clock.advance(MAX_AGE.plusSeconds(1));
        VerifiedAccessToken afterRefresh = verifier.verify(token);

        assertThat("verified afresh against the new key set", afterRefresh == first, is(false));
        assertThat("and remembered again", verifier.verify(token), is(sameInstance(afterRefresh)));
    }

    @Test
    void aBadSignatureIsRefusedEveryTime() {
        String token = token(KEY_1, 3600);
        String forged = token.substring(0, token.lastIndexOf('.') + 1) + tokenSignature(token(KEY_2, 3600));

        assertThat("first time", reason(forged), is(TokenRejection.BAD_SIGNATURE));
        assertThat("again", reason(forged), is(TokenRejection.BAD_SIGNATURE));
    }

    @Test
    void aTokenNotValidYetIsAcceptedOnceItsTimeComes() throws TokenRejectedException {
        String token = TestIssuer.shared().token().signWith(KEY_1).notBeforeInSeconds(120).sign();
        assertThat("refused before nbf", reason(token), is(TokenRejection.NOT_YET_VALID));

        clock.advance(Duration.ofSeconds(120));

        assertThat("accepted at nbf", verifier.verify(token).claims().notBefore().isPresent(), is(true));
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
        Auth0Settings settings = new Auth0Settings(TestIssuer.shared().issuer(),
                                                   URI.create("http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks"),
                                                   Set.of(TestIssuer.AUDIENCE), SKEW, true, Duration.ZERO, MAX_AGE);
        JwksKeySource keys = new JwksKeySource(settings.jwksUri(), settings.jwksMinRefreshInterval(),
                                               settings.jwksMaxAge(), clock);
        return new AccessTokenVerifier(settings, keys, clock, cachedDecisions);
    }

    private static String token(SigningKey key, long lifetimeSeconds) {
        return TestIssuer.shared().token().signWith(key).expiresInSeconds(lifetimeSeconds).sign();
    }

    private static String tokenSignature(String token) {
        return token.substring(token.lastIndexOf('.') + 1);
    }

    private TokenRejection reason(String token) {
        return assertThrows(TokenRejectedException.class, () -> verifier.verify(token)).reason();
    }

    private String jwksJson() {
        JsonArrayBuilder keys = Json.createArrayBuilder();
        for (SigningKey key : published) {
            RSAPublicKey publicKey = (RSAPublicKey) key.pair().getPublic();
            keys.add(Json.createObjectBuilder()
                             .add("kty", "RSA")
                             .add("alg", "RS256")
                             .add("kid", key.kid())
                             .add("n", base64Url(publicKey.getModulus()))
                             .add("e", base64Url(publicKey.getPublicExponent())));
        }
        return Json.createObjectBuilder().add("keys", keys).build().toString();
    }

    private static String base64Url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
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
