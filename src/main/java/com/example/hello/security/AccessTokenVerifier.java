package com.example.hello.security;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

import com.example.hello.config.Auth0Settings;

import io.helidon.common.Errors;
import io.helidon.security.jwt.Jwt;
import io.helidon.security.jwt.JwtHeaders;
import io.helidon.security.jwt.SignedJwt;
import io.helidon.security.jwt.jwk.JwkKeys;

import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Decides whether an Auth0 access token is valid for this API.
 * <p>
 * Parsing and signature checks are Helidon's JWT library (the one MicroProfile JWT uses); this class adds the
 * rules Auth0 tokens need and MicroProfile JWT at 4.3.0 does not enforce: RS256 only, the {@code kid} must name a
 * published key, {@code nbf} is honoured, and each refusal has a reason. Checks run cheapest first.
 * <p>
 * A token seen before is not parsed or checked again: its earlier decision is reused while it still holds (see
 * {@link VerifiedTokenCache}), which makes authorization cost a hash and a lookup per request.
 */
public final class AccessTokenVerifier {
    /** Three base64url segments, no padding or other characters: one token has exactly one spelling. */
    private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
    /**
     * A compact JWE (RFC 7516 §7.1): header, encrypted key (empty with {@code "alg":"dir"}, as Auth0 sends it), IV,
     * ciphertext, tag.
     */
    private static final Pattern COMPACT_JWE = Pattern.compile(
            "[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    private static final String CRITICAL = "crit";
    private static final String RS256 = "RS256";
    private static final String PERMISSIONS_CLAIM = "permissions";

    private final Auth0Settings settings;
    private final JwksKeySource keys;
    private final Clock clock;
    private final VerifiedTokenCache cache;
    private final Map<TokenRejection, String> descriptions = new EnumMap<>(TokenRejection.class);

    /**
     * @param settings        issuer, audiences and clock skew
     * @param keys            the issuer's signing keys
     * @param clock           time source
     * @param cacheBytes      how much heap (estimated) the decisions about tokens already seen may hold (see
     *                        {@link VerifiedTokenCache})
     */
    public AccessTokenVerifier(Auth0Settings settings, JwksKeySource keys, Clock clock, long cacheBytes) {
        this(settings, keys, clock, cacheBytes, System::nanoTime);
    }

    /**
     * @param nanoTime monotonic time, as {@link System#nanoTime()}, on which cached decisions expire (tests move it
     *                 with {@code clock})
     */
    AccessTokenVerifier(Auth0Settings settings, JwksKeySource keys, Clock clock, long cacheBytes,
                        LongSupplier nanoTime) {
        this.settings = settings;
        this.keys = keys;
        this.clock = clock;
        this.cache = new VerifiedTokenCache(cacheBytes, clock, ForkJoinPool.commonPool(), nanoTime);
        for (TokenRejection reason : TokenRejection.values()) {
            descriptions.put(reason, reason.description(settings));
        }
    }

    /**
     * @param reason why a token was refused
     * @return what the caller is told, with this API's settings where they explain the mistake
     */
    public String describe(TokenRejection reason) {
        return descriptions.get(reason);
    }

    /** @return how many decisions are remembered now */
    long rememberedDecisions() {
        return cache.size();
    }

    /**
     * Verifies a compact JWS access token.
     *
     * @param token the bearer token
     * @return the verified token
     * @throws TokenRejectedException with the reason the token was refused
     */
    public VerifiedAccessToken verify(String token) throws TokenRejectedException {
        VerifiedTokenCache.TokenDigest digest = VerifiedTokenCache.digest(token);
        VerifiedTokenCache.Entry known = cache.get(digest);
        if (known != null) {
            if (stillHolds(known)) {
                return outcome(known);
            }
            cache.remove(digest, known);
        }
        VerifiedTokenCache.Entry decided = decide(token);
        cache.put(digest, decided);
        return outcome(decided);
    }

    /**
     * An earlier decision stands while the key set it was made with is still the issuer's current one (a refresh,
     * or the key's removal, voids it) and, for an accepted token, until its expiry.
     */
    private boolean stillHolds(VerifiedTokenCache.Entry known) {
        try {
            if (keys.keysHolding(known.keyId()) != known.keySet()) {
                return false;
            }
        } catch (TokenRejectedException e) {
            return false;
        }
        return known.rejection() != null || clock.instant().isBefore(known.expiry());
    }

    private static VerifiedAccessToken outcome(VerifiedTokenCache.Entry decision) throws TokenRejectedException {
        if (decision.rejection() != null) {
            throw new TokenRejectedException(decision.rejection());
        }
        return decision.accepted();
    }

    /**
     * The full check. Refusals that a later check could overturn (malformed or unknown-key tokens, which cost little
     * to refuse again; a token not valid yet) are thrown; the other decisions are returned, to be remembered.
     */
    private VerifiedTokenCache.Entry decide(String token) throws TokenRejectedException {
        if (!COMPACT_JWS.matcher(token).matches() || !canonicalSegments(token)) {
            throw new TokenRejectedException(isEncrypted(token) ? TokenRejection.OPAQUE_TOKEN : TokenRejection.MALFORMED);
        }
        JwtHeaders headers;
        SignedJwt signed;
        Jwt jwt;
        try {
            headers = JwtHeaders.parseToken(token);
            signed = SignedJwt.parseToken(headers, token);
            jwt = signed.getJwt();
        } catch (RuntimeException e) {
            throw new TokenRejectedException(TokenRejection.MALFORMED);
        }
        if (!headers.algorithm().map(RS256::equals).orElse(false)) {
            throw new TokenRejectedException(TokenRejection.UNSUPPORTED_ALGORITHM);
        }
        if (headers.headerClaim(CRITICAL).isPresent()) { // this API understands no extension (RFC 7515 §4.1.11)
            throw new TokenRejectedException(TokenRejection.CRITICAL_HEADER);
        }
        String keyId = headers.keyId()
                .orElseThrow(() -> new TokenRejectedException(TokenRejection.UNKNOWN_KEY));
        JwkKeys keySet = keys.keysHolding(keyId);
        Errors signature = signed.verifySignature(keySet, null);
        if (!signature.isValid()) {
            return VerifiedTokenCache.Entry.rejected(keyId, keySet, TokenRejection.BAD_SIGNATURE);
        }
        try {
            checkClaims(jwt);
        } catch (TokenRejectedException e) {
            if (e.reason() == TokenRejection.NOT_YET_VALID) {
                throw e;
            }
            return VerifiedTokenCache.Entry.rejected(keyId, keySet, e.reason());
        }
        // checkClaims made sure exp is there.
        Instant validUntil = jwt.expirationTime().orElseThrow().plus(settings.clockSkew());
        return VerifiedTokenCache.Entry.accepted(keyId, keySet, new VerifiedAccessToken(signed, jwt, permissions(jwt)),
                                                 validUntil, token.length());
    }

    private void checkClaims(Jwt jwt) throws TokenRejectedException {
        Instant now = clock.instant();
        Instant expiry = jwt.expirationTime()
                .orElseThrow(() -> new TokenRejectedException(TokenRejection.MISSING_EXPIRY));
        if (!now.minus(settings.clockSkew()).isBefore(expiry)) {
            throw new TokenRejectedException(TokenRejection.EXPIRED);
        }
        Optional<Instant> notBefore = jwt.notBefore();
        if (notBefore.isPresent() && now.plus(settings.clockSkew()).isBefore(notBefore.get())) {
            throw new TokenRejectedException(TokenRejection.NOT_YET_VALID);
        }
        if (!jwt.issuer().map(settings.issuer()::equals).orElse(false)) {
            throw new TokenRejectedException(TokenRejection.WRONG_ISSUER);
        }
        if (jwt.audience().stream().flatMap(java.util.List::stream).noneMatch(settings.audiences()::contains)) {
            throw new TokenRejectedException(TokenRejection.WRONG_AUDIENCE);
        }
    }

    /** Whether the token is a compact JWE: five segments, and a header naming a content encryption ({@code enc}). */
    private static boolean isEncrypted(String token) {
        if (!COMPACT_JWE.matcher(token).matches()) {
            return false;
        }
        try {
            return JwtHeaders.parseToken(token).encryption().isPresent();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Base64url has one spelling per byte string only if the unused low bits of a segment's last character are
     * zero; decoders ignore those bits, so without this check one token could be sent in several spellings.
     */
    private static boolean canonicalSegments(String token) {
        int start = 0;
        for (int dot = token.indexOf('.'); ; dot = token.indexOf('.', start)) {
            int end = dot < 0 ? token.length() : dot;
            int unusedBits = switch ((end - start) % 4) {
                case 0 -> 0;
                case 2 -> 4;
                case 3 -> 2;
                default -> -1; // one character left over encodes no whole byte
            };
            if (unusedBits < 0 || (unusedBits > 0 && (sextet(token.charAt(end - 1)) & ((1 << unusedBits) - 1)) != 0)) {
                return false;
            }
            if (dot < 0) {
                return true;
            }
            start = dot + 1;
        }
    }

    private static int sextet(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '-' ? 62 : 63;
    }

    /** Only a JSON array made entirely of strings grants permissions; any other shape grants none. */
    private static Set<String> permissions(Jwt jwt) {
        Optional<JsonValue> claim = jwt.payloadClaim(PERMISSIONS_CLAIM);
        if (claim.isEmpty() || !(claim.get() instanceof JsonArray array)) {
            return Set.of();
        }
        Set<String> permissions = new HashSet<>();
        for (JsonValue value : array) {
            if (!(value instanceof JsonString string)) {
                return Set.of();
            }
            permissions.add(string.getString());
        }
        return Set.copyOf(permissions);
    }
}
