package com.example.hello.docs;

import java.net.URI;
import java.util.Optional;

import com.example.hello.config.Auth0Settings;

import org.eclipse.microprofile.config.Config;

/**
 * Signing in from Swagger UI: OAuth 2.0 Authorization Code with PKCE, as a public client of the issuer (an Auth0
 * Single Page Application, or the development issuer). Offered only when a client id is configured; without one,
 * Swagger UI shows the bearer-token field only.
 *
 * @param clientId         the Swagger UI application's client id ({@value #CLIENT_ID})
 * @param audience         the API's audience, sent on {@code /authorize} so the issuer returns an access token for it
 * @param authorizationUrl where the browser signs in ({@code https://AUTH0_DOMAIN/authorize} by default)
 * @param tokenUrl         where Swagger UI exchanges the code ({@code https://AUTH0_DOMAIN/oauth/token} by default)
 */
public record SwaggerUiSignIn(String clientId, String audience, URI authorizationUrl, URI tokenUrl) {
    /** The client id of the application Swagger UI signs in as. */
    public static final String CLIENT_ID = "AUTH0_SWAGGER_UI_CLIENT_ID";
    /** Overrides the authorization URL derived from {@code AUTH0_DOMAIN} (development mode sets it). */
    public static final String AUTHORIZATION_URL = "swagger-ui.oauth.authorization-url";
    /** Overrides the token URL derived from {@code AUTH0_DOMAIN} (development mode sets it). */
    public static final String TOKEN_URL = "swagger-ui.oauth.token-url";

    /**
     * @param config MicroProfile Config
     * @return the sign-in, when a client id, an audience and the issuer's URLs are all known
     */
    public static Optional<SwaggerUiSignIn> from(Config config) {
        Optional<String> clientId = text(config, CLIENT_ID);
        Optional<String> audience = text(config, "AUTH0_AUDIENCE");
        Optional<String> domain = text(config, "AUTH0_DOMAIN").map(Auth0Settings::bareDomain);
        Optional<URI> authorization = text(config, AUTHORIZATION_URL)
                .or(() -> domain.map(d -> "https://" + d + "/authorize"))
                .map(URI::create);
        Optional<URI> token = text(config, TOKEN_URL)
                .or(() -> domain.map(d -> "https://" + d + "/oauth/token"))
                .map(URI::create);
        if (clientId.isEmpty() || audience.isEmpty() || authorization.isEmpty() || token.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SwaggerUiSignIn(clientId.get(), audience.get(), authorization.get(), token.get()));
    }

    /**
     * @return the origin of the token URL, which Swagger UI's page must be allowed to connect to: scheme, host and
     *         port only, so nothing else of the configured URL reaches the Content-Security-Policy
     */
    public String tokenOrigin() {
        return tokenUrl.getScheme() + "://" + tokenUrl.getHost() + (tokenUrl.getPort() < 0 ? "" : ":" + tokenUrl.getPort());
    }

    private static Optional<String> text(Config config, String key) {
        return config.getOptionalValue(key, String.class).map(String::trim).filter(s -> !s.isEmpty());
    }
}
