package com.example.hello;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/** Start-up without Auth0 settings stops at once with one line naming the variable, as the reference does. */
class StartupConfigurationTest {
    @TempDir
    Path workingDirectory;

    @Test
    void missingDomainStopsStartUpNamingTheVariable() throws Exception {
        Result result = start(Map.of("AUTH0_AUDIENCE", "https://api.example.com"));
        assertThat(result.exitCode, is(not(0)));
        assertThat(result.stderr, is(List.of("Missing AUTH0_DOMAIN environment variable.")));
    }

    @Test
    void missingAudienceStopsStartUpNamingTheVariable() throws Exception {
        Result result = start(Map.of("AUTH0_DOMAIN", "tenant.example.com"));
        assertThat(result.exitCode, is(not(0)));
        assertThat(result.stderr, is(List.of("Missing AUTH0_AUDIENCE environment variable.")));
    }

    @Test
    void settingsInADotEnvFileAreRead() throws Exception {
        Files.writeString(workingDirectory.resolve(".env"), "AUTH0_AUDIENCE=https://api.example.com\n");
        Result result = start(Map.of());
        assertThat("the audience came from .env, so only the domain is missing",
                   result.stderr, is(List.of("Missing AUTH0_DOMAIN environment variable.")));
    }

    private record Result(int exitCode, List<String> stderr) {
    }

    /** Runs the application's main class in a fresh JVM with only the given Auth0 environment. */
    private Result start(Map<String, String> environment) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                                                    Main.class.getName())
                .directory(workingDirectory.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().keySet().removeIf(name -> name.startsWith("AUTH0_") || name.startsWith("MP_JWT"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        boolean finished = process.waitFor(30, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
            throw new AssertionError("the application did not stop on missing configuration");
        }
        List<String> stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)
                .lines().filter(line -> !line.isBlank()).toList();
        return new Result(process.exitValue(), stderr);
    }
}
