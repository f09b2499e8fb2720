package com.example.hello.support;

import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

import jakarta.json.Json;

/**
 * A real, independent OAuth2 authorization server (NAV's mock-oauth2-server) on 127.0.0.1, issuing tokens shaped
 * like Auth0's: {@code iss} {@code https://DOMAIN/}, {@code aud} the API, a {@code permissions} array and
 * {@code scope}, obtained from its token endpoint with the client-credentials grant.
 */
public final class AuthorizationServer implements AutoCloseable {
    /** The Auth0 domain this server pretends to be; configure the service with AUTH0_DOMAIN set to it. */
    public static final String DOMAIN = "hello-tenant.example.com";
    private static final String ISSUER_ID = "auth0";

    private final MockOAuth2Server server = new MockOAuth2Server();
    private final HttpClient http = HttpClient.newHttpClient();

    private AuthorizationServer() {
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    /** @return a started server */
    public static AuthorizationServer start() {
        return new AuthorizationServer();
    }

    /** @return where the server publishes its keys */
    public String jwksUrl() {
        return server.jwksUrl(ISSUER_ID).toString();
    }

    /**
     * Gets an access token the way a machine-to-machine Auth0 application does.
     *
     * @param clientId    the client, which becomes {@code sub} as {@code CLIENT@clients}
     * @param audience    the API the token is for
     * @param permissions the token's {@code permissions}
     * @return the access token
     */
    public String clientCredentialsToken(String clientId, String audience, List<String> permissions) {
        server.enqueueCallback(new DefaultOAuth2TokenCallback(
                ISSUER_ID, clientId + "@clients", "JWT", List.of(audience),
                Map.of("iss", "https://" + DOMAIN + "/",
                       "permissions", permissions,
                       "scope", String.join(" ", permissions),
                       "azp", clientId,
                       "gty", "client-credentials"),
                3600));
        String form = "grant_type=client_credentials"
                + "&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + "&client_secret=not-a-secret"
                + "&audience=" + URLEncoder.encode(audience, StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.tokenEndpointUrl(ISSUER_ID).toString()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("token endpoint answered " + response.statusCode());
            }
            try (var reader = Json.createReader(new StringReader(response.body()))) {
                return reader.readObject().getString("access_token");
            }
        } catch (IOException e) {
            throw new IllegalStateException("token endpoint unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
