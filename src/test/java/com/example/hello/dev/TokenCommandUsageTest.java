package com.example.hello.dev;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.helidon.config.mp.MpConfigSources;
import io.helidon.security.jwt.SignedJwt;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * The token command's options: {@code --help} and {@code -h} print the usage; a refused option prints the reason and
 * the usage (exit status 2); empty entries of a permission list are left out.
 */
class TokenCommandUsageTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path home;

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
}
