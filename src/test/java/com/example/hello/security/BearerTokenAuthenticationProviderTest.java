package com.example.hello.security;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.example.hello.config.Auth0Settings;
import com.example.hello.support.TestIssuer;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import io.helidon.security.AuthenticationResponse;
import io.helidon.security.Grant;
import io.helidon.security.Role;
import io.helidon.security.Security;
import io.helidon.security.SecurityContext;
import io.helidon.security.SecurityEnvironment;
import io.helidon.security.SecurityResponse.SecurityStatus;
import io.helidon.security.Subject;
import io.helidon.security.jwt.Jwt;
import io.helidon.security.jwt.SignedJwt;
import io.helidon.security.providers.common.TokenCredential;

import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The bridge from an {@code Authorization} header to Helidon security's caller: which header is a bearer token, what
 * a valid token makes of the caller (principal, roles from {@code permissions}, scopes, the token credential), how a
 * refusal is reported, and the {@code auth.outcomes} counter for each, through a real Helidon {@link Security}.
 */
class BearerTokenAuthenticationProviderTest {
    private final TestIssuer issuer = TestIssuer.shared();
    private JwksKeySource keys;
    private final AccessTokenVerifier verifier = verifier();
    private final Security security = Security.builder()
            .addAuthenticationProvider(new BearerTokenAuthenticationProvider(verifier))
            .build();

    @BeforeEach
    void awaitKeys() {
        KeysLoaded.await(keys);
    }

    @AfterEach
    void stopKeyRefresh() {
        keys.close();
    }

    @Test
    void aValidTokenBecomesTheCallerWithItsPermissionsAsRoles() {
        Instant expiry = Instant.ofEpochSecond(Instant.now().getEpochSecond() + 3600);
        Instant issued = Instant.ofEpochSecond(Instant.now().getEpochSecond() - 5);
        String token = issuer.token()
                .claim("sub", "auth0|alice")
                .claim("scope", "openid profile")
                .claim("iat", jakarta.json.Json.createValue(issued.getEpochSecond()))
                .claim("exp", jakarta.json.Json.createValue(expiry.getEpochSecond()))
                .permissions("read:admin-messages", "read:messages")
                .sign();
        long accepted = outcomes("accepted");

        AuthenticationResponse response = authenticate("Authorization", "Bearer " + token);

        assertThat("status", response.status(), is(SecurityStatus.SUCCESS));
        Subject caller = response.user().orElseThrow();
        assertThat("principal", caller.principal().getName(), is("auth0|alice"));
        assertThat("roles", names(caller.grants(Role.class)), is(Set.of("read:admin-messages", "read:messages")));
        assertThat("scopes", caller.grantsByType("scope").stream().map(Grant::getName).collect(Collectors.toSet()),
                   is(Set.of("openid", "profile")));
        TokenCredential credential = caller.publicCredential(TokenCredential.class).orElseThrow();
        assertThat("token", credential.token(), is(token));
        assertThat("issuer", credential.getIssuer().orElseThrow(), is(issuer.issuer()));
        assertThat("issued at", credential.getIssueTime().orElseThrow(), is(issued));
        assertThat("expiry", credential.getExpTime().orElseThrow(), is(expiry));
        assertThat("signed token kept", credential.getTokenInstance(SignedJwt.class).orElseThrow().tokenContent(),
                   is(token));
        assertThat("claims kept", credential.getTokenInstance(Jwt.class).orElseThrow().subject().orElseThrow(),
                   is("auth0|alice"));
        assertThat("counted as accepted", outcomes("accepted"), is(accepted + 1));
    }

    @Test
    void aTokenWithoutSubjectOrOptionalClaimsStillAuthenticates() {
        String token = issuer.token().claim("sub", (String) null).claim("iat", (String) null).sign();

        Subject caller = authenticate("Authorization", "Bearer " + token).user().orElseThrow();

        assertThat("principal", caller.principal().getName(), is("unknown"));
        assertThat("no roles", caller.grants(Role.class), is(List.of()));
        assertThat("no scopes", caller.grantsByType("scope"), is(List.of()));
        assertThat("no issue time", caller.publicCredential(TokenCredential.class).orElseThrow().getIssueTime()
                .isPresent(), is(false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requestsWithoutABearerToken")
    void aRequestWithoutABearerTokenIsLeftToTheEndpointsPolicy(String name, Map<String, List<String>> headers) {
        long missing = outcomes("missing");

        AuthenticationResponse response = authenticate(headers);

        assertThat("abstains: the endpoint decides whether a caller is needed", response.status(),
                   is(SecurityStatus.ABSTAIN));
        assertThat("no caller", response.user().isPresent(), is(false));
        assertThat("counted as missing", outcomes("missing"), is(missing + 1));
    }

    static Stream<Arguments> requestsWithoutABearerToken() {
        return Stream.of(
                arguments("no header", Map.of()),
                arguments("another scheme", Map.of("Authorization", List.of("Basic dXNlcjpwYXNz"))),
                arguments("a scheme that starts like Bearer", Map.of("Authorization", List.of("BearerX abc"))),
                arguments("a token in another header", Map.of("X-Authorization", List.of("Bearer abc"))));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Bearer", "bearer", "BEARER", "bEaReR"})
    void theSchemeNameIsCaseInsensitive(String scheme) {
        String token = issuer.token().sign();
        assertThat(authenticate("Authorization", scheme + " " + token).status(), is(SecurityStatus.SUCCESS));
    }

    @Test
    void theHeaderNameIsCaseInsensitiveAndSpacesAroundTheTokenDoNotCount() {
        String token = issuer.token().sign();
        assertThat(BearerTokenAuthenticationProvider.bearerToken(Map.of("authorization", List.of("  Bearer  " + token
                + " "))), is(java.util.Optional.of(token)));
    }

    @Test
    void theFirstBearerValueAmongSeveralIsTheToken() {
        assertThat(BearerTokenAuthenticationProvider.bearerToken(Map.of("Authorization", List.of("Basic x", "Bearer a",
                                                                                               "Bearer b"))),
                   is(java.util.Optional.of("a")));
    }

    @Test
    void theSchemeAloneIsAnEmptyToken() {
        assertThat(BearerTokenAuthenticationProvider.bearerToken(Map.of("Authorization", List.of("Bearer"))),
                   is(java.util.Optional.of("")));
        assertThat(BearerTokenAuthenticationProvider.bearerToken(Map.of("Other", List.of("Bearer x"))),
                   is(java.util.Optional.empty()));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(TokenRejection.class)
    void eachReasonHasItsExactDescription(TokenRejection reason) {
        // Every reason a token can be refused for, and the exact words the caller reads (RFC 6750 error_description)
        String description = switch (reason) {
            case MALFORMED -> "The access token is malformed";
            case OPAQUE_TOKEN -> "The access token is an opaque token, not a JWT for this API";
            case CRITICAL_HEADER -> "The access token names critical header parameters this API does not understand";
            case UNSUPPORTED_ALGORITHM -> "The access token must be signed with RS256";
            case UNKNOWN_KEY -> "The access token was signed with an unknown key";
            case KEYS_UNAVAILABLE -> "The signing keys of the issuer are unavailable";
            case BAD_SIGNATURE -> "The access token signature is invalid";
            case MISSING_EXPIRY -> "The access token has no expiry";
            case EXPIRED -> "The access token expired";
            case NOT_YET_VALID -> "The access token is not valid yet";
            case WRONG_ISSUER -> "The access token was issued by an untrusted issuer";
            case WRONG_AUDIENCE -> "The access token is not meant for this API";
        };
        assertThat("description", reason.description(), is(description));
        String withSettings = switch (reason) {
            case OPAQUE_TOKEN -> description + ": request it with the audience parameter set to " + TestIssuer.AUDIENCE;
            case WRONG_AUDIENCE -> description + ": this API expects the audience " + TestIssuer.AUDIENCE;
            case WRONG_ISSUER -> description + ": this API trusts " + issuer.issuer();
            default -> description;
        };
        assertThat("description with this API's settings", verifier.describe(reason), is(withSettings));
        assertThat("exception message", new TokenRejectedException(reason).getMessage(), is(description));
        assertThat("reason kept", new TokenRejectedException(reason).reason(), is(reason));
    }

    @Test
    void aRefusedTokenIsReportedWithStatus401ItsDescriptionAndItsOutcome() {
        long expired = outcomes("expired");

        AuthenticationResponse response = authenticate("Authorization",
                                                       "Bearer " + issuer.token().expiresInSeconds(-3600).sign());

        assertThat("status", response.status(), is(SecurityStatus.FAILURE));
        assertThat("HTTP status", response.statusCode().orElseThrow(), is(401));
        assertThat("description", response.description().orElseThrow(), is("The access token expired"));
        assertThat("no caller", response.user().isPresent(), is(false));
        assertThat("counted as expired", outcomes("expired"), is(expired + 1));
    }

    @Test
    void eachRefusalIsCountedUnderItsOwnOutcome() {
        // The outcome names README lists for auth_outcomes_total: one per reason, in snake case
        Set<String> outcomes = EnumSet.allOf(TokenRejection.class).stream()
                .map(reason -> {
                    long before = outcomes(outcomeName(reason));
                    AuthenticationOutcomes.rejected(reason);
                    assertThat(reason.name(), outcomes(outcomeName(reason)), is(before + 1));
                    return outcomeName(reason);
                })
                .collect(Collectors.toSet());
        assertThat(outcomes, is(Set.of("malformed", "opaque_token", "critical_header", "unsupported_algorithm", "unknown_key", "keys_unavailable",
                                       "bad_signature", "missing_expiry", "expired", "not_yet_valid", "wrong_issuer",
                                       "wrong_audience")));
        long insufficient = outcomes("insufficient_permission");
        AuthenticationOutcomes.insufficientPermission();
        assertThat("insufficient_permission", outcomes("insufficient_permission"), is(insufficient + 1));
    }

    @Test
    void basicModeLetsEveryAuthenticatedCallerThrough() {
        assertThat(new BasicModeAuthorizationProvider().authorize(null).status(), is(SecurityStatus.SUCCESS));
    }

    private static String outcomeName(TokenRejection reason) {
        return reason.name().toLowerCase(java.util.Locale.ROOT);
    }

    private AuthenticationResponse authenticate(String header, String value) {
        return authenticate(Map.of(header, List.of(value)));
    }

    private AuthenticationResponse authenticate(Map<String, List<String>> headers) {
        SecurityContext context = security.createContext("test");
        context.env(SecurityEnvironment.builder().headers(headers).build());
        return context.atnClientBuilder().submit();
    }

    private static Set<String> names(List<? extends Grant> grants) {
        return grants.stream().map(Grant::getName).collect(Collectors.toSet());
    }

    /** The {@code auth.outcomes} count (the name literal: a renamed metric must fail here) of one outcome so far (0 before its first). */
    private static long outcomes(String outcome) {
        return Metrics.globalRegistry()
                .counter("auth.outcomes", List.of(Tag.create("outcome", outcome)))
                .map(Counter::count)
                .orElse(0L);
    }

    private AccessTokenVerifier verifier() {
        Auth0Settings settings = Auth0Settings.from(ConfigProviderResolver.instance().getBuilder()
                                                            .withSources(issuer.config(Map.of()))
                                                            .build());
        Clock clock = Clock.systemUTC();
        keys = new JwksKeySource(settings.jwksUri(), settings.jwksMinRefreshInterval(), settings.jwksMaxAge());
        // One byte: no decision fits, so every call is a full verification, which is what these tests are about
        return new AccessTokenVerifier(settings, keys, clock, 1);
    }
}
