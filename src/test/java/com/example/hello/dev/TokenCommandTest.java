package com.example.hello.dev;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.helidon.config.mp.MpConfigSources;
import io.helidon.security.jwt.Jwt;
import io.helidon.security.jwt.SignedJwt;
import io.helidon.security.jwt.jwk.JwkKeys;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

/**
 * The {@code token} command: one token by default, N distinct tokens with {@code --count N}, the options as given;
 * {@code --help} and {@code -h} print the usage; a refused option prints the reason and the usage (exit status 2).
 */
class TokenCommandTest {
    @TempDir
    Path home;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void withoutCountItPrintsOneTokenForTheDefaultSubject() {
        assertThat("exit status", run(), is(0));

        List<String> lines = outputLines();
        assertThat("one line", lines, hasSize(1));
        Jwt jwt = verified(lines.getFirst());
        assertThat("sub", jwt.subject().orElseThrow(), is("dev|user"));
        assertThat("aud", jwt.audience().orElseThrow(), is(List.of("https://hello-world.example.com")));
    }

    @Test
    void aTokenIsGoodForOneHourByDefault() {
        assertThat("exit status", run(), is(0));
        Jwt jwt = verified(outputLines().getFirst());
        long lifetime = jwt.expirationTime().orElseThrow().getEpochSecond()
                        - jwt.issueTime().orElseThrow().getEpochSecond();
        assertThat("exp - iat (s)", lifetime, is(3600L));
    }

    @Test
    void audienceLifetimeAndSubjectAreThoseGiven() {
        assertThat("exit status", run("--audience", "https://other", "--lifetime", "600", "--subject", "dev|alice"),
                   is(0));
        Jwt jwt = verified(outputLines().getFirst());
        assertThat("aud", jwt.audience().orElseThrow(), is(List.of("https://other")));
        assertThat("sub", jwt.subject().orElseThrow(), is("dev|alice"));
        assertThat("exp - iat (s)", jwt.expirationTime().orElseThrow().getEpochSecond()
                                    - jwt.issueTime().orElseThrow().getEpochSecond(), is(600L));
    }

    @Test
    void countPrintsThatManyDistinctSignedTokensOnePerLine() {
        assertThat("exit status", run("--count", "50", "--permissions", "read:admin-messages"), is(0));

        List<String> lines = outputLines();
        assertThat("one token per line", lines, hasSize(50));
        Set<String> subjects = new HashSet<>();
        Set<String> jwtIds = new HashSet<>();
        for (String token : lines) {
            Jwt jwt = verified(token);
            subjects.add(jwt.subject().orElseThrow());
            jwtIds.add(jwt.jwtId().orElseThrow());
            assertThat("permissions kept", jwt.payloadClaim("permissions").orElseThrow().toString(),
                       is("[\"read:admin-messages\"]"));
        }
        assertThat("distinct sub", subjects, hasSize(50));
        assertThat("distinct jti", jwtIds, hasSize(50));
        assertThat("sub numbered from the subject", subjects.contains("dev|user-1") && subjects.contains("dev|user-50"),
                   is(true));
    }

    @Test
    void countMustBePositive() {
        assertThat("exit status", run("--count", "0"), is(2));
        assertThat("nothing printed", out.size(), is(0));
        assertThat("reason", err.toString(StandardCharsets.UTF_8), containsString("--count must be positive"));
    }

    @Test
    void helpPrintsTheUsage() {
        for (String help : List.of("--help", "-h")) {
            out.reset();
            assertThat(help, run("--subject", "x", help), is(0));
            assertThat(out.toString(StandardCharsets.UTF_8), is(TokenCommand.USAGE + "\n"));
        }
    }

    @Test
    void helpAsAnOptionsValueIsAValue() {
        assertThat(TokenCommand.wantsHelp(List.of("--subject", "--help")), is(false));
        assertThat(TokenCommand.wantsHelp(List.of("--subject", "x", "-h")), is(true));
    }

    @Test
    void anOptionWithoutValueIsRefusedWithTheUsage() {
        assertThat(run("--permissions", "read:admin-messages", "--subject"), is(2));
        assertThat(out.size(), is(0));
        assertThat(err.toString(StandardCharsets.UTF_8), is("token: --subject needs a value\n" + TokenCommand.USAGE
                + "\n"));
    }

    @Test
    void aZeroLifetimeIsRefused() {
        assertThat(run("--lifetime", "0"), is(2));
        assertThat(err.toString(StandardCharsets.UTF_8), is("token: --lifetime must be positive\n"
                + TokenCommand.USAGE + "\n"));
    }

    @Test
    void emptyEntriesOfThePermissionListAreLeftOut() {
        assertThat(run("--permissions", " , read:admin-messages ,,"), is(0));
        String token = out.toString(StandardCharsets.UTF_8).strip();
        assertThat(SignedJwt.parseToken(token).getJwt().payloadClaim("permissions").orElseThrow().toString(),
                   is("[\"read:admin-messages\"]"));
    }

    private int run(String... args) {
        return TokenCommand.run(List.of(args), config(), new PrintStream(out, true, StandardCharsets.UTF_8),
                                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Config config() {
        return ConfigProviderResolver.instance().getBuilder()
                .withSources(MpConfigSources.create(Map.of(DevMode.KEY_FILE, home.resolve("key.pk8").toString())))
                .build();
    }

    private List<String> outputLines() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** The token's claims, after checking it is signed by the development key. */
    private Jwt verified(String token) {
        DevIssuer issuer = DevIssuer.loadOrCreate(home.resolve("key.pk8"));
        SignedJwt signed = SignedJwt.parseToken(token);
        assertThat("signed by the development key", signed.verifySignature(JwkKeys.create(issuer.jwks()), null)
                .isValid(), is(true));
        return signed.getJwt();
    }
}
