package com.example.hello.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.function.LongSupplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.helidon.security.jwt.jwk.JwkKeys;

/**
 * What {@link AccessTokenVerifier} already decided about tokens it saw, so that a token sent again costs a SHA-256
 * and a map lookup instead of JSON parsing and an RSA signature check.
 * <p>
 * Entries are keyed by the token's SHA-256 (the token itself is not kept) and remember the key set the decision was
 * made with: the verifier uses an entry only while that key set is still the issuer's current one and, for an
 * accepted token, before its {@code exp}; otherwise the token is verified afresh. So the cache never accepts what a
 * full check would refuse. Only decisions that cannot change while the key set stays the same are kept.
 * <p>
 * The cache is Caffeine's: bounded by an estimate of the bytes its entries hold, each entry leaving when its token
 * expires, and with frequency-based admission (W-TinyLFU), so a flood of tokens seen once does not push out the
 * tokens that keep coming back.
 */
final class VerifiedTokenCache {
    /**
     * A remembered refusal: Caffeine's node ~90, the digest 48, the entry 40, the {@code kid} ~70, the map's node ~36
     * (code review 2026-12-07, M7: ~285 B).
     */
    static final int REJECTION_BYTES = 288;
    /** An accepted token keeps its parsed form: measured ~4.2 KB for an Auth0-sized (~800 character) token. */
    static final int ACCEPTED_BASE_BYTES = 1_024;
    static final int ACCEPTED_BYTES_PER_TOKEN_CHARACTER = 4;
    /** Refusals do not expire by themselves; they leave after this (or when the key set changes) to free memory. */
    static final Duration REJECTION_LIFETIME = Duration.ofHours(1);

    private final Cache<TokenDigest, Entry> entries;

    /** SHA-256 of a token, as four longs: cheap to hash and compare. */
    record TokenDigest(long first, long second, long third, long fourth) {
    }

    /**
     * A decision: {@code accepted} (valid until {@code expiry}) or {@code rejection}, made with {@code keySet}.
     *
     * @param keyId     the token's {@code kid}
     * @param keySet    the issuer's keys the token was checked against
     * @param accepted  the verified token, or null when refused
     * @param expiry    the latest instant (clock skew included) the accepted token is valid
     * @param rejection why the token was refused, or null when accepted
     * @param bytes     an estimate of the heap the entry holds
     */
    record Entry(String keyId, JwkKeys keySet, VerifiedAccessToken accepted, Instant expiry, TokenRejection rejection,
                 int bytes) {
        static Entry accepted(String keyId, JwkKeys keySet, VerifiedAccessToken token, Instant expiry,
                              int tokenLength) {
            return new Entry(keyId, keySet, token, expiry, null,
                             ACCEPTED_BASE_BYTES + ACCEPTED_BYTES_PER_TOKEN_CHARACTER * tokenLength);
        }

        static Entry rejected(String keyId, JwkKeys keySet, TokenRejection rejection) {
            return new Entry(keyId, keySet, null, Instant.MAX, rejection, REJECTION_BYTES);
        }
    }

    /**
     * @param maxBytes the most bytes (estimated) the remembered decisions may hold
     * @param clock    time source of the tokens' expiry
     */
    VerifiedTokenCache(long maxBytes, Clock clock) {
        this(maxBytes, clock, ForkJoinPool.commonPool());
    }

    /**
     * @param maxBytes    as above
     * @param clock       as above
     * @param maintenance where Caffeine runs its upkeep (admission, eviction): off the request thread in service;
     *                    on the calling thread in a test that needs each step applied before the next
     */
    VerifiedTokenCache(long maxBytes, Clock clock, Executor maintenance) {
        this(maxBytes, clock, maintenance, System::nanoTime);
    }

    /**
     * @param maxBytes    as above
     * @param clock       as above
     * @param maintenance as above
     * @param nanoTime    monotonic time, as {@link System#nanoTime()}, on which Caffeine counts down each entry's
     *                    lifetime (tests move it with {@code clock}, so an entry leaves when the clock passes its expiry)
     */
    VerifiedTokenCache(long maxBytes, Clock clock, Executor maintenance, LongSupplier nanoTime) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        this.entries = Caffeine.newBuilder()
                .executor(maintenance)
                .ticker(nanoTime::getAsLong)
                .maximumWeight(maxBytes)
                .weigher((TokenDigest digest, Entry entry) -> entry.bytes())
                .expireAfter(Expiry.creating((TokenDigest digest, Entry entry) -> lifetime(entry, clock)))
                .build();
    }

    private static Duration lifetime(Entry entry, Clock clock) {
        if (entry.rejection() != null) {
            return REJECTION_LIFETIME;
        }
        Duration left = Duration.between(clock.instant(), entry.expiry());
        return left.isNegative() ? Duration.ZERO : left;
    }

    static TokenDigest digest(String token) {
        try {
            ByteBuffer hash = ByteBuffer.wrap(MessageDigest.getInstance("SHA-256")
                                                      .digest(token.getBytes(StandardCharsets.UTF_8)));
            return new TokenDigest(hash.getLong(), hash.getLong(), hash.getLong(), hash.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    Entry get(TokenDigest digest) {
        return entries.getIfPresent(digest);
    }

    void put(TokenDigest digest, Entry entry) {
        entries.put(digest, entry);
    }

    void remove(TokenDigest digest, Entry entry) {
        entries.asMap().remove(digest, entry);
    }

    /** @return how many decisions are held now, after pending evictions */
    long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    /** @return the estimated bytes held now, after pending evictions */
    long weight() {
        entries.cleanUp();
        return entries.policy().eviction().orElseThrow().weightedSize().orElseThrow();
    }
}
