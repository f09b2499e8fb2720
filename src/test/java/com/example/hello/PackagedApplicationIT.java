package com.example.hello;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import com.example.hello.support.AppProcess;
import com.example.hello.support.AuthorizationServer;
import com.example.hello.support.Http;
import com.example.hello.support.TestIssuer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static com.example.hello.support.Responses.assertJson;
import static com.example.hello.support.Responses.header;
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
    private static Http management;

    @BeforeAll
    static void startTheJar() {
        assertThat("packaged jar " + JAR.toAbsolutePath(), Files.isRegularFile(JAR), is(true));
        auth = AuthorizationServer.start();
        app = AppProcess.startJar(JAR, workingDirectory, Map.of(
                "AUTH0_DOMAIN", AuthorizationServer.DOMAIN,
                "AUTH0_AUDIENCE", TestIssuer.AUDIENCE,
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", auth.jwksUrl()));
        http = new Http(URI.create("http://127.0.0.1:" + app.awaitStartedPort(Duration.ofSeconds(60))));
        management = new Http(URI.create("http://127.0.0.1:" + app.awaitManagementPort(Duration.ofSeconds(5))));
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
        HttpResponse<String> forbidden = http.getWithToken("/api/messages/admin", user);
        String description = "The access token does not hold the permission this operation requires";
        assertJson(forbidden, 403, object("error", "insufficient_permissions", "error_description", description,
                                          "message", "Permission denied"));
        assertThat(header(forbidden, "WWW-Authenticate"), is("Bearer realm=\"hello-world-api\", "
                + "error=\"insufficient_scope\", error_description=\"" + description + "\", "
                + "scope=\"read:admin-messages\""));
    }

    @Test
    void theJarNeedsOnlyJava21() throws IOException {
        int newest = 0;
        try (JarFile jar = new JarFile(JAR.toFile())) {
            for (JarEntry entry : jar.stream().filter(e -> e.getName().endsWith(".class")).toList()) {
                try (DataInputStream in = new DataInputStream(jar.getInputStream(entry))) {
                    in.skipBytes(6); // magic number, minor version
                    newest = Math.max(newest, in.readUnsignedShort());
                }
            }
        }
        assertThat("the newest class file version (65: Java 21)", newest, is(65));
    }

    @Test
    void readyOnceTheKeysAreLoadedOnTheManagementPortOnly() {
        assertThat(management.get("/health/ready").statusCode(), is(200));
        assertThat(management.get("/metrics").statusCode(), is(200));
        assertJson(http.get("/health/ready"), 404, object("message", "Not Found"));
        assertJson(http.get("/metrics"), 404, object("message", "Not Found"));
    }
}
