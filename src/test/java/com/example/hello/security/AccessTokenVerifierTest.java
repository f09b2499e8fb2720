package com.example.hello.security;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.example.hello.config.Auth0Settings;
import com.example.hello.support.TestIssuer;
import com.example.hello.support.TokenBuilder;

import io.helidon.security.jwt.jwk.JwkOctet;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The verifier's rules, one by one, at their edges: the clock skew on both sides of {@code exp} and {@code nbf}, each
 * claim present, absent and wrong, one spelling per token, and the shapes of {@code permissions} that grant
 * something. Real RS256 tokens against the test issuer's JWKS on 127.0.0.1; the clock stands still.
 */
class AccessTokenVerifierTest {
    /** The clock skew the verifier is configured with here (the shipped default, 30 s). */
    private static final long SKEW = 30;
    /** Now, for the verifier: a whole second, so claims in seconds can sit exactly on a boundary. */
    private static final Instant NOW = Instant.ofEpochSecond(Instant.now().getEpochSecond());
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final TestIssuer ISSUER = TestIssuer.start();

    private AccessTokenVerifier verifier;
    private JwksKeySource keys;

    @BeforeEach
    void newVerifier() {
        // A fresh verifier per test: no decision remembered from another test
        var config = ConfigProviderResolver.instance().getBuilder()
                .withSources(ISSUER.config(Map.of("mp.jwt.verify.clock.skew", String.valueOf(SKEW))))
                .build();
        Auth0Settings settings = Auth0Settings.from(config);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        keys = new JwksKeySource(settings.jwksUri(), settings.jwksMinRefreshInterval(), settings.jwksMaxAge());
        verifier = new AccessTokenVerifier(settings, keys, clock, 1); // one byte: no decision fits, every call decides
        KeysLoaded.await(keys);
    }

    @AfterEach
    void stopKeyRefresh() {
        keys.close();
    }

    @AfterAll
    static void stopIssuer() {
        ISSUER.close();
    }

    @Test
    void aValidTokenIsAcceptedWithItsClaims() throws TokenRejectedException {
        VerifiedAccessToken token = verifier.verify(token().claim("sub", "auth0|alice").sign());
        assertThat("sub", token.claims().subject().orElseThrow(), is("auth0|alice"));
        assertThat("no permissions claim, no permissions", token.permissions(), is(Set.of()));
    }

    @ParameterizedTest(name = "exp {0} s from now")
    @ValueSource(longs = {-SKEW + 1, -1, 0, 1, 3600})
    void expiryWithinTheClockSkewIsAccepted(long expiresIn) throws TokenRejectedException {
        verifier.verify(token().claim("exp", epochSeconds(expiresIn)).sign());
    }

    @ParameterizedTest(name = "exp {0} s from now")
    @ValueSource(longs = {-SKEW, -SKEW - 1, -3600})
    void expiryBeyondTheClockSkewIsRefused(long expiresIn) {
        assertThat(reason(token().claim("exp", epochSeconds(expiresIn)).sign()), is(TokenRejection.EXPIRED));
    }

    @Test
    void aTokenWithoutExpiryIsRefused() {
        assertThat(reason(token().claim("exp", (JsonValue) null).sign()), is(TokenRejection.MISSING_EXPIRY));
    }

    @ParameterizedTest(name = "nbf {0} s from now")
    @ValueSource(longs = {-3600, 0, 1, SKEW - 1, SKEW})
    void notBeforeWithinTheClockSkewIsAccepted(long notBefore) throws TokenRejectedException {
        verifier.verify(token().claim("nbf", epochSeconds(notBefore)).sign());
    }

    @ParameterizedTest(name = "nbf {0} s from now")
    @ValueSource(longs = {SKEW + 1, 600})
    void notBeforeBeyondTheClockSkewIsRefused(long notBefore) {
        assertThat(reason(token().claim("nbf", epochSeconds(notBefore)).sign()), is(TokenRejection.NOT_YET_VALID));
    }

    @ParameterizedTest(name = "iss {0}")
    @ValueSource(strings = {"https://evil.example.com/", "", "http://127.0.0.1/"})
    void anotherIssuerIsRefused(String issuer) {
        assertThat(reason(token().claim("iss", issuer).sign()), is(TokenRejection.WRONG_ISSUER));
    }

    @Test
    void aTokenWithoutIssuerIsRefused() {
        assertThat(reason(token().claim("iss", (JsonValue) null).sign()), is(TokenRejection.WRONG_ISSUER));
    }

    @Test
    void anIssuerWithoutItsTrailingSlashIsAnotherIssuer() {
        String issuer = ISSUER.issuer();
        assertThat(reason(token().claim("iss", issuer.substring(0, issuer.length() - 1)).sign()),
                   is(TokenRejection.WRONG_ISSUER));
    }

    @Test
    void audienceAsAStringOrAnArrayHoldingTheApiIsAccepted() throws TokenRejectedException {
        verifier.verify(token().claim("aud", TestIssuer.AUDIENCE).sign());
        verifier.verify(token().claim("aud", Json.createArrayBuilder().add("https://other.example.com")
                .add(TestIssuer.AUDIENCE).build()).sign());
    }

    @Test
    void audienceNotHoldingTheApiIsRefused() {
        assertThat("another API", reason(token().claim("aud", "https://other.example.com").sign()),
                   is(TokenRejection.WRONG_AUDIENCE));
        assertThat("an array without the API", reason(token().claim("aud", Json.createArrayBuilder()
                .add("https://other.example.com").add(TestIssuer.AUDIENCE + "/").build()).sign()),
                   is(TokenRejection.WRONG_AUDIENCE));
        assertThat("an empty array", reason(token().claim("aud", JsonValue.EMPTY_JSON_ARRAY).sign()),
                   is(TokenRejection.WRONG_AUDIENCE));
        assertThat("no aud", reason(token().claim("aud", (JsonValue) null).sign()),
                   is(TokenRejection.WRONG_AUDIENCE));
    }

    @ParameterizedTest(name = "alg {0}")
    @ValueSource(strings = {"RS384", "PS256", "ES256", "none", "rs256"})
    void onlyRs256IsAccepted(String algorithm) {
        assertThat(reason(token().header("alg", algorithm).sign()), is(TokenRejection.UNSUPPORTED_ALGORITHM));
    }

    @Test
    void aTokenWithoutAlgorithmIsRefused() {
        assertThat(reason(token().header("alg", null).sign()), is(TokenRejection.UNSUPPORTED_ALGORITHM));
    }

    @Test
    void anHmacTokenIsRefusedBeforeAnyKeyIsUsed() {
        JwkOctet secret = JwkOctet.create(Json.createObjectBuilder().add("kty", "oct").add("alg", "HS256")
                                                  .add("kid", ISSUER.currentKey().kid()).add("k", "c2VjcmV0").build());
        assertThat(reason(token().header("alg", "HS256").signWith(secret).sign()),
                   is(TokenRejection.UNSUPPORTED_ALGORITHM));
    }

    @Test
    void aKeyIdIsRequiredAndMustBePublished() {
        assertThat("no kid", reason(token().header("kid", null).sign()), is(TokenRejection.UNKNOWN_KEY));
        assertThat("unpublished kid", reason(token().header("kid", "key-0").sign()), is(TokenRejection.UNKNOWN_KEY));
    }

    @Test
    void aSignatureByAnotherKeyUnderAPublishedKeyIdIsRefused() {
        TestIssuer.SigningKey impostor = TestIssuer.newKey(ISSUER.currentKey().kid());
        assertThat(reason(token().signWith(impostor).sign()), is(TokenRejection.BAD_SIGNATURE));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"", "a", "a.b", "a.b.c.d", "a..c", ".b.c", "a b.c.d", "a.b.c=", "a+b.c.d", "a/b.c.d"})
    void aTokenThatIsNotThreeBase64UrlSegmentsIsMalformed(String token) {
        assertThat(reason(token), is(TokenRejection.MALFORMED));
    }

    @Test
    void segmentsThatAreNotJsonAreMalformed() {
        String[] parts = token().sign().split("\\.");
        String notJson = encode("not json");
        assertThat("header", reason(notJson + "." + parts[1] + "." + parts[2]), is(TokenRejection.MALFORMED));
        assertThat("payload", reason(parts[0] + "." + notJson + "." + parts[2]), is(TokenRejection.MALFORMED));
    }

    @ParameterizedTest
    @ValueSource(strings = {"exp", "b64", "https://example.com/extension"})
    void aCriticalHeaderIsRefusedWhateverItNames(String name) {
        // RFC 7515 §4.1.11: this API understands no extension, so any crit makes the token invalid
        assertThat(reason(token().critical(name).sign()), is(TokenRejection.CRITICAL_HEADER));
    }

    @Test
    void anEncryptedTokenIsOpaque() {
        assertThat(reason(ISSUER.opaqueToken()), is(TokenRejection.OPAQUE_TOKEN));
    }

    @Test
    void fiveSegmentsWithoutAnEncryptionHeaderAreMalformed() {
        String[] parts = token().sign().split("\\.");
        assertThat(reason(String.join(".", parts[0], "", parts[1], parts[2], parts[2])), is(TokenRejection.MALFORMED));
    }

    @Test
    void anUnsignedTokenIsRefused() {
        assertThat(reason(token().header("alg", "none").unsigned()), is(TokenRejection.UNSUPPORTED_ALGORITHM));
    }

    /** Payloads of every length modulo 4 that base64url allows: 0, 2 and 3 characters in the last group. */
    @ParameterizedTest(name = "filler of {0} characters")
    @ValueSource(ints = {0, 1, 2, 3, 4, 5})
    void validTokensOfEveryLengthAreAccepted(int filler) throws TokenRejectedException {
        verifier.verify(token().claim("x", "f".repeat(filler)).sign());
    }

    /**
     * Base64url leaves 2 or 4 bits of a segment's last character unused; setting them spells the same bytes
     * differently. Every such respelling of every segment is refused, so a token has one spelling.
     */
    @ParameterizedTest(name = "segment {0}, {1} characters in the payload filler")
    @MethodSource("segmentsWithUnusedBits")
    void respellingTheUnusedBitsOfASegmentIsMalformed(int segment, int filler) {
        String[] parts = token().claim("x", "f".repeat(filler)).sign().split("\\.");
        String part = parts[segment];
        int unusedBits = switch (part.length() % 4) {
            case 2 -> 4;
            case 3 -> 2;
            default -> throw new IllegalStateException("no unused bits in a segment of " + part.length());
        };
        int last = ALPHABET.indexOf(part.charAt(part.length() - 1));
        assertThat("canonical to start with", last & ((1 << unusedBits) - 1), is(0));
        for (int bits = 1; bits < 1 << unusedBits; bits++) {
            String[] respelled = parts.clone();
            respelled[segment] = part.substring(0, part.length() - 1) + ALPHABET.charAt(last | bits);
            assertThat("unused bits " + bits, reason(String.join(".", respelled)), is(TokenRejection.MALFORMED));
        }
    }

    static Stream<Arguments> segmentsWithUnusedBits() {
        // header (2 unused bits), the payload with 2 and 4 unused bits, the signature (always 4)
        return Stream.of(arguments(0, 0), arguments(1, payloadFillerFor(3)), arguments(1, payloadFillerFor(2)),
                         arguments(2, 0));
    }

    /**
     * The signature's last character, replaced by each of the 64 characters: the one that was there is accepted,
     * those with unused bits set are malformed, and the others spell another signature, which does not verify.
     */
    @Test
    void eachLastCharacterOfTheSignatureIsJudgedByItsUnusedBits() throws TokenRejectedException {
        String token = token().sign();
        String body = token.substring(0, token.length() - 1);
        char original = token.charAt(token.length() - 1);
        for (char c : ALPHABET.toCharArray()) {
            String respelled = body + c;
            if (c == original) {
                verifier.verify(respelled);
            } else {
                TokenRejection expected = (ALPHABET.indexOf(c) & 0b1111) != 0
                        ? TokenRejection.MALFORMED
                        : TokenRejection.BAD_SIGNATURE;
                assertThat("last character " + c, reason(respelled), is(expected));
            }
        }
    }

    @Test
    void aSignatureOneCharacterShortIsMalformed() {
        String token = token().sign();
        String signature = token.substring(token.lastIndexOf('.') + 1);
        assertThat("signature of " + signature.length() + " characters", signature.length() % 4, is(2));
        assertThat("one character short", reason(token.substring(0, token.length() - 1)),
                   is(TokenRejection.MALFORMED));
    }

    @Test
    void permissionsAreTheStringsOfThePermissionsArray() throws TokenRejectedException {
        assertThat(permissions(token().permissions("read:admin-messages", "read:messages")),
                   is(Set.of("read:admin-messages", "read:messages")));
        assertThat("empty array", permissions(token().permissions()), is(Set.of()));
    }

    @ParameterizedTest(name = "permissions {0}")
    @MethodSource("permissionsThatGrantNothing")
    void otherShapesOfPermissionsGrantNothing(String name, JsonValue claim) throws TokenRejectedException {
        assertThat(permissions(token().claim("permissions", claim)), is(Set.of()));
    }

    static Stream<Arguments> permissionsThatGrantNothing() {
        return Stream.of(
                arguments("a string", Json.createValue("read:admin-messages")),
                arguments("an object", Json.createObjectBuilder().add("read:admin-messages", true).build()),
                arguments("a number", Json.createValue(1)),
                arguments("true", JsonValue.TRUE),
                arguments("null", JsonValue.NULL),
                arguments("strings and a number", Json.createArrayBuilder().add("read:admin-messages").add(7).build()),
                arguments("a number first", Json.createArrayBuilder().add(7).add("read:admin-messages").build()),
                arguments("strings and null", Json.createArrayBuilder().add("read:admin-messages").addNull().build()),
                arguments("a nested array", Json.createArrayBuilder()
                        .add(Json.createArrayBuilder().add("read:admin-messages")).build()));
    }

    @Test
    void scopeGrantsNoPermission() throws TokenRejectedException {
        assertThat(permissions(token().claim("scope", "read:admin-messages")), is(Set.of()));
    }

    /** How long the payload's filler claim must be for the payload to end in a group of {@code rest} characters. */
    private static int payloadFillerFor(int rest) {
        return IntStream.range(0, 4)
                .filter(n -> payloadOf(token().claim("x", "f".repeat(n)).sign()).length() % 4 == rest)
                .findFirst()
                .orElseThrow();
    }

    private static String payloadOf(String token) {
        return token.split("\\.")[1];
    }

    private Set<String> permissions(TokenBuilder token) throws TokenRejectedException {
        return verifier.verify(token.sign()).permissions();
    }

    /** A valid token, issued and expiring relative to the verifier's fixed clock. */
    private static TokenBuilder token() {
        return ISSUER.token()
                .claim("iat", epochSeconds(-60))
                .claim("exp", epochSeconds(3600));
    }

    private static JsonValue epochSeconds(long fromNow) {
        return Json.createValue(NOW.getEpochSecond() + fromNow);
    }

    private static String encode(String text) {
        return java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private TokenRejection reason(String token) {
        return assertThrows(TokenRejectedException.class, () -> verifier.verify(token)).reason();
    }
}
