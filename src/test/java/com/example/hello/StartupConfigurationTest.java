package com.example.hello;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.example.hello.support.AppProcess;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/** Start-up without Auth0 settings stops at once with one line naming the variable, as the reference does. */
class StartupConfigurationTest {
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path workingDirectory;

    @Test
    void missingDomainStopsStartUpNamingTheVariable() {
        try (AppProcess app = AppProcess.start(workingDirectory, Map.of("AUTH0_AUDIENCE", "https://api.example.com"))) {
            assertThat(app.awaitExit(EXIT_TIMEOUT), is(not(0)));
            assertThat(app.stderr(), is(List.of("Missing AUTH0_DOMAIN environment variable.")));
        }
    }

    @Test
    void missingAudienceStopsStartUpNamingTheVariable() {
        try (AppProcess app = AppProcess.start(workingDirectory, Map.of("AUTH0_DOMAIN", "tenant.example.com"))) {
            assertThat(app.awaitExit(EXIT_TIMEOUT), is(not(0)));
            assertThat(app.stderr(), is(List.of("Missing AUTH0_AUDIENCE environment variable.")));
        }
    }

    @Test
    void settingsInADotEnvFileAreRead() throws Exception {
        Files.writeString(workingDirectory.resolve(".env"), "AUTH0_AUDIENCE=https://api.example.com\n");
        try (AppProcess app = AppProcess.start(workingDirectory, Map.of())) {
            assertThat(app.awaitExit(EXIT_TIMEOUT), is(not(0)));
            assertThat("the audience came from .env, so only the domain is missing",
                       app.stderr(), is(List.of("Missing AUTH0_DOMAIN environment variable.")));
        }
    }
}
