package com.example.hello.support;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** A child process started by a test sees only the settings the test gives, whatever the shell exported. */
class AppProcessTest {
    private static final Map<String, String> SHELL = Map.of(
            "PATH", "/usr/bin", "HOME", "/home/dev",
            "JAVA_TOOL_OPTIONS", "-Dx=1", "_JAVA_OPTIONS", "-Dx=1", "JDK_JAVA_OPTIONS", "-Dx=1",
            "RBAC_ENABLED", "false", "CLIENT_ORIGIN_URL", "https://shell.example.com", "JWKS_MAX_AGE", "PT1S",
            "AUTH0_DOMAIN", "shell.auth0.com", "MP_JWT_VERIFY_ISSUER", "https://shell/");

    @Test
    void noSettingAndNoJvmOptionOfTheShellReachesTheChild() {
        assertThat(AppProcess.environment(SHELL, Map.of("AUTH0_AUDIENCE", "https://api")), is(Map.of(
                "PATH", "/usr/bin", "HOME", "/home/dev", "AUTH0_AUDIENCE", "https://api",
                "SERVER_PORT", "0", "SERVER_SOCKETS_0_PORT", "0")));
    }

    @Test
    void aPortTheTestGivesIsKeptAndZeroMeansAFreePort() {
        assertThat(AppProcess.environment(Map.of(), Map.of("PORT", "7070", "MANAGEMENT_PORT", "0")), is(Map.of(
                "PORT", "7070", "SERVER_SOCKETS_0_PORT", "0")));
        assertThat(AppProcess.environment(Map.of(), Map.of("PORT", "0", "MANAGEMENT_PORT", "9191")), is(Map.of(
                "SERVER_PORT", "0", "MANAGEMENT_PORT", "9191")));
    }
}
