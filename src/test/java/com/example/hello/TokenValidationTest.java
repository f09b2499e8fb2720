package com.example.hello;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import com.example.hello.client.ApiException;
import com.example.hello.client.api.MessagesApi;
import com.example.hello.client.model.ErrorMessage;
import com.example.hello.support.Sdk;
import com.example.hello.support.TestIssuer;

import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import io.helidon.security.jwt.jwk.JwkOctet;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.ws.rs.client.WebTarget;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every way a token can be wrong is refused with 401 "Bad credentials" and an RFC 6750 invalid_token challenge whose
 * description says what is wrong and, for the mistakes a setting explains, this API's setting (issue 21).
 */
@HelidonTest
class TokenValidationTest {
    private final URI server;

    @Inject
    TokenValidationTest(WebTarget target) {
        this.server = target.getUri();
    }

    @AddConfigSource
    static ConfigSource config() {
        return TestIssuer.shared().config(Map.of());
    }

    static Stream<Arguments> invalidTokens() {
        TestIssuer issuer = TestIssuer.shared();
        return Stream.of(
                invalid("signed by a key the issuer does not publish, under a published kid",
                        i -> i.token().signWith(TestIssuer.newKey(i.currentKey().kid())).sign(),
                        "The access token signature is invalid"),
                invalid("claims changed after signing",
                        i -> tamperPayload(i.token().sign(), i.token().permissions("read:admin-messages").sign()),
                        "The access token signature is invalid"),
                invalid("expired 45 s ago, beyond the 30 s clock skew",
                        i -> i.token().expiresInSeconds(-45).sign(),
                        "The access token expired"),
                invalid("not valid yet (nbf in the future)",
                        i -> i.token().notBeforeInSeconds(600).sign(),
                        "The access token is not valid yet"),
                invalid("from another issuer (another tenant)",
                        i -> i.token().claim("iss", "https://evil.example.com/").sign(),
                        "The access token was issued by an untrusted issuer: this API trusts " + issuer.issuer()),
                invalid("for another audience (another API)",
                        i -> i.token().claim("aud", "https://other-api.example.com").sign(),
                        "The access token is not meant for this API: this API expects the audience "
                                + TestIssuer.AUDIENCE),
                invalid("without an audience",
                        i -> i.token().claim("aud", (String) null).sign(),
                        "The access token is not meant for this API: this API expects the audience "
                                + TestIssuer.AUDIENCE),
                invalid("opaque: what Auth0 issues to a client that asked without audience (a JWE)",
                        TestIssuer::opaqueToken,
                        "The access token is an opaque token, not a JWT for this API: request it with the audience "
                                + "parameter set to " + TestIssuer.AUDIENCE),
                invalid("crit naming an extension (RFC 7515 4.1.11)",
                        i -> i.token().critical("exp").sign(),
                        "The access token names critical header parameters this API does not understand"),
                invalid("without exp",
                        i -> i.token().claim("exp", (String) null).sign(),
                        "The access token has no expiry"),
                invalid("alg none",
                        i -> i.token().header("alg", "none").unsigned(),
                        "The access token must be signed with RS256"),
                invalid("HS256 signed with the issuer's public key as the secret",
                        i -> i.token().header("alg", "HS256").signWith(hmacWithPublicKey(i)).sign(),
                        "The access token must be signed with RS256"),
                invalid("unknown kid, signed by a published key",
                        i -> i.token().header("kid", "not-published").sign(),
                        "The access token was signed with an unknown key"),
                invalid("unknown kid, signed by a foreign key",
                        i -> i.token().signWith(TestIssuer.newKey("foreign")).sign(),
                        "The access token was signed with an unknown key"),
                invalid("no kid",
                        i -> i.token().header("kid", null).sign(),
                        "The access token was signed with an unknown key"),
                invalid("not a JWT", i -> "not-a-jwt", "The access token is malformed"),
                invalid("empty", i -> "", "The access token is malformed"),
                invalid("three segments of garbage", i -> "abc.def.ghi", "The access token is malformed"),
                invalid("base64 padding added", i -> i.token().sign() + "=", "The access token is malformed"),
                invalid("junk character in the signature",
                        i -> insertAt(i.token().sign(), -10, "*"), "The access token is malformed"),
                invalid("another spelling of a valid signature (unused low bits of its last character set)",
                        i -> respellLastCharacter(i.token().sign()), "The access token is malformed"),
                invalid("a fourth segment", i -> i.token().sign() + ".e30", "The access token is malformed"),
                invalid("five segments, but not encrypted (no enc)",
                        i -> i.token().sign() + ".e30.e30", "The access token is malformed"),
                invalid("payload that is not JSON",
                        i -> replacePayload(i.token().sign(), "not json"), "The access token is malformed"))
                .map(f -> arguments(f.name, f.token.apply(issuer), f.description));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidTokens")
    void invalidTokenIsRefused(String name, String token, String description) {
        MessagesApi client = Sdk.messages(server, token);
        for (Executable call : List.<Executable>of(client::getProtectedMessage, client::getAdminMessage)) {
            ApiException refusal = assertThrows(ApiException.class, call);
            assertThat("status", refusal.getCode(), is(401));
            assertThat("body", Sdk.errorBody(refusal, ErrorMessage.class),
                       is(new ErrorMessage().message("Bad credentials")));
            assertThat("challenge", refusal.getResponseHeaders().allValues("WWW-Authenticate"), is(List.of(
                    "Bearer realm=\"hello-world-api\", error=\"invalid_token\", error_description=\"" + description
                            + "\"")));
            if (!token.isEmpty()) {
                assertThat("the token is not echoed", refusal.getResponseBody() + refusal.getResponseHeaders(),
                           not(containsString(token)));
            }
        }
    }

    private record Case(String name, Function<TestIssuer, String> token, String description) {
    }

    private static Case invalid(String name, Function<TestIssuer, String> token, String description) {
        return new Case(name, token, description);
    }

    private static JwkOctet hmacWithPublicKey(TestIssuer issuer) {
        byte[] secret = issuer.currentKey().pair().getPublic().getEncoded();
        return JwkOctet.create(Json.createObjectBuilder()
                                       .add("kty", "oct")
                                       .add("alg", "HS256")
                                       .add("kid", issuer.currentKey().kid())
                                       .add("k", Base64.getUrlEncoder().withoutPadding().encodeToString(secret))
                                       .build());
    }

    /** The header and signature of one token around the claims of another. */
    private static String tamperPayload(String token, String otherToken) {
        String[] parts = token.split("\\.");
        return parts[0] + "." + otherToken.split("\\.")[1] + "." + parts[2];
    }

    private static String replacePayload(String token, String payload) {
        String[] parts = token.split("\\.");
        String encoded = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return parts[0] + "." + encoded + "." + parts[2];
    }

    /** RS256 signatures are 256 bytes: 342 base64url characters, the last of which carries 4 unused bits. */
    private static String respellLastCharacter(String token) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char last = token.charAt(token.length() - 1);
        return token.substring(0, token.length() - 1) + alphabet.charAt(alphabet.indexOf(last) | 0b0001);
    }

    private static String insertAt(String token, int fromEnd, String junk) {
        int at = token.length() + fromEnd;
        return token.substring(0, at) + junk + token.substring(at);
    }
}
