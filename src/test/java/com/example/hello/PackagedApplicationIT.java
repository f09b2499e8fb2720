package com.example.hello;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.example.hello.support.AppProcess;
import com.example.hello.support.AuthorizationServer;
import com.example.hello.support.Http;
import com.example.hello.support.TestIssuer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static com.example.hello.support.Responses.assertJson;
import static com.example.hello.support.Responses.object;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Black box: the jar that {@code mvn package} built, started as README.md says with environment configuration,
 * against an independent authorization server; only HTTP in between.
 */
class PackagedApplicationIT {
    private static final Path JAR = Path.of("target", "hello-world-api.jar");

    @TempDir
    static Path workingDirectory;

    private static AuthorizationServer auth;
    private static AppProcess app;
    private static Http http;

    @BeforeAll
    static void startTheJar() {
        assertThat("packaged jar " + JAR.toAbsolutePath(), Files.isRegularFile(JAR), is(true));
        auth = AuthorizationServer.start();
        app = AppProcess.startJar(JAR, workingDirectory, Map.of(
                "AUTH0_DOMAIN", AuthorizationServer.DOMAIN,
                "AUTH0_AUDIENCE", TestIssuer.AUDIENCE,
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", auth.jwksUrl(),
                "PORT", "0"));
        http = new Http(URI.create("http://127.0.0.1:" + app.awaitStartedPort(Duration.ofSeconds(60))));
    }

    @AfterAll
    static void stop() {
        app.close();
        auth.close();
    }

    @Test
    void publicMessage() {
        assertJson(http.get("/api/messages/public"), 200,
                   object("text", "The API doesn't require an access token to share this message."));
    }

    @Test
    void protectedMessageWithAClientCredentialsToken() {
        String token = auth.clientCredentialsToken("m2m-client", TestIssuer.AUDIENCE, List.of());
        assertJson(http.getWithToken("/api/messages/protected", token), 200,
                   object("text", "The API successfully validated your access token."));
        assertJson(http.get("/api/messages/protected"), 401, object("message", "Requires authentication"));
    }

    @Test
    void adminMessageWithTheAdminPermission() {
        String admin = auth.clientCredentialsToken("admin-client", TestIssuer.AUDIENCE,
                                                   List.of("read:admin-messages"));
        String user = auth.clientCredentialsToken("m2m-client", TestIssuer.AUDIENCE, List.of());
        assertJson(http.getWithToken("/api/messages/admin", admin), 200,
                   object("text", "The API successfully recognized you as an admin."));
        assertThat(http.getWithToken("/api/messages/admin", user).statusCode(), is(403));
    }

    @Test
    void readyOnceTheKeysAreLoaded() {
        assertThat(http.get("/health/ready").statusCode(), is(200));
    }
}
