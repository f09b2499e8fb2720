package com.example.hello.security;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.helidon.security.jwt.jwk.JwkKeys;

/**
 * What {@link AccessTokenVerifier} already decided about tokens it saw, so that a token sent again costs a SHA-256
 * and a map lookup instead of JSON parsing and an RSA signature check.
 * <p>
 * Entries are keyed by the token's SHA-256 (the token itself is not kept) and remember the key set the decision was
 * made with: the verifier uses an entry only while that key set is still the issuer's current one and, for an
 * accepted token, before its {@code exp}; otherwise the token is verified afresh. So the cache never accepts what a
 * full check would refuse. Only decisions that cannot change while the key set stays the same are kept. The size is
 * bounded: when full, a tenth of the entries (expired ones first) make room, which keeps each insertion cheap even
 * under a flood of distinct tokens.
 */
final class VerifiedTokenCache {
    private final int maxEntries;
    private final Map<TokenDigest, Entry> entries = new ConcurrentHashMap<>();

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
     */
    record Entry(String keyId, JwkKeys keySet, VerifiedAccessToken accepted, Instant expiry, TokenRejection rejection) {
        static Entry accepted(String keyId, JwkKeys keySet, VerifiedAccessToken token, Instant expiry) {
            return new Entry(keyId, keySet, token, expiry, null);
        }

        static Entry rejected(String keyId, JwkKeys keySet, TokenRejection rejection) {
            return new Entry(keyId, keySet, null, Instant.MAX, rejection);
        }
    }

    /** @param maxEntries the most decisions kept */
    VerifiedTokenCache(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        this.maxEntries = maxEntries;
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
        return entries.get(digest);
    }

    void put(TokenDigest digest, Entry entry, Instant now) {
        if (entries.size() >= maxEntries) {
            makeRoom(now);
        }
        entries.put(digest, entry);
    }

    void remove(TokenDigest digest, Entry entry) {
        entries.remove(digest, entry);
    }

    int size() {
        return entries.size();
    }

    private void makeRoom(Instant now) {
        int target = Math.max(1, maxEntries / 10);
        int removed = 0;
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext() && removed < target; ) {
            if (!it.next().expiry().isAfter(now)) {
                it.remove();
                removed++;
            }
        }
        // Keys are hashes, so the map's order is as good as random: no entry is favoured.
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext() && removed < target; ) {
            it.next();
            it.remove();
            removed++;
        }
    }
}
