package com.example.hello;

import java.net.http.HttpResponse;
import java.util.List;

import com.example.hello.support.AuthorizationServer;
import com.example.hello.support.Http;
import com.example.hello.support.TestIssuer;

import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;

import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import static com.example.hello.support.Responses.assertForbidden;
import static com.example.hello.support.Responses.assertJson;
import static com.example.hello.support.Responses.header;
import static com.example.hello.support.Responses.object;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * End to end with a real, independent authorization server: tokens come from its token endpoint (client
 * credentials), and the service is configured with AUTH0_DOMAIN as for an Auth0 tenant.
 */
@HelidonTest
class AuthorizationServerTest {
    private static final AuthorizationServer AUTH = AuthorizationServer.start();

    private final Http http;

    @Inject
    AuthorizationServerTest(WebTarget target) {
        this.http = new Http(target.getUri());
    }

    @AddConfigSource
    static ConfigSource config() {
        return TestIssuer.aboveTheEnvironment("authorization-server", java.util.Map.of(
                "AUTH0_DOMAIN", AuthorizationServer.DOMAIN,
                "AUTH0_AUDIENCE", TestIssuer.AUDIENCE,
                // Auth0 publishes keys under the domain; this server under its own URL on 127.0.0.1
                "mp.jwt.verify.publickey.location", AUTH.jwksUrl(),
                "server.port", "0",
                "server.sockets.0.port", "0", // the management listener (/health, /metrics): a free port too
                "server.host", "127.0.0.1"));
    }

    @Test
    void machineToMachineTokenReadsTheProtectedMessage() {
        String token = AUTH.clientCredentialsToken("m2m-client", TestIssuer.AUDIENCE, List.of());
        assertJson(http.getWithToken("/api/messages/protected", token), 200,
                   object("text", "The API successfully validated your access token."));
    }

    @Test
    void tokenWithTheAdminPermissionReadsTheAdminMessage() {
        String token = AUTH.clientCredentialsToken("admin-client", TestIssuer.AUDIENCE,
                                                   List.of("read:admin-messages"));
        assertJson(http.getWithToken("/api/messages/admin", token), 200,
                   object("text", "The API successfully recognized you as an admin."));
    }

    @Test
    void tokenWithoutThePermissionIsForbiddenTheAdminMessage() {
        String token = AUTH.clientCredentialsToken("m2m-client", TestIssuer.AUDIENCE, List.of("read:messages"));
        assertForbidden(http.getWithToken("/api/messages/admin", token));
    }

    @Test
    void tokenForAnotherApiIsRefused() {
        String token = AUTH.clientCredentialsToken("m2m-client", "https://another-api.example.com", List.of());
        HttpResponse<String> response = http.getWithToken("/api/messages/protected", token);
        assertJson(response, 401, object("message", "Bad credentials"));
        assertThat("challenge", header(response, "WWW-Authenticate"), is(
                "Bearer realm=\"hello-world-api\", error=\"invalid_token\", "
                        + "error_description=\"The access token is not meant for this API: this API expects the "
                        + "audience " + TestIssuer.AUDIENCE + "\""));
    }
}
