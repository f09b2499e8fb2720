package com.example.hello.docs;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import io.helidon.config.mp.MpConfigSources;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** When Swagger UI offers the sign-in, and with which client, audience and issuer URLs. */
class SignInFromConfigurationTest {
    private static final Map<String, String> TENANT = Map.of(
            "AUTH0_SWAGGER_UI_CLIENT_ID", "swagger-client",
            "AUTH0_AUDIENCE", "https://api",
            "AUTH0_DOMAIN", "https://Tenant.auth0.com/");

    @Test
    void theTenantsUrlsDeriveFromTheDomain() {
        assertThat(SwaggerUiSignIn.from(config(TENANT)), is(Optional.of(new SwaggerUiSignIn(
                "swagger-client", "https://api", URI.create("https://tenant.auth0.com/authorize"),
                URI.create("https://tenant.auth0.com/oauth/token")))));
    }

    @Test
    void configuredUrlsTakeThePlaceOfTheDomainsAndValuesAreTrimmed() {
        assertThat(SwaggerUiSignIn.from(config(Map.of(
                "AUTH0_SWAGGER_UI_CLIENT_ID", " swagger-client ",
                "AUTH0_AUDIENCE", " https://api ",
                "AUTH0_DOMAIN", "tenant.auth0.com",
                "swagger-ui.oauth.authorization-url", " http://127.0.0.1:5000/authorize ",
                "swagger-ui.oauth.token-url", "http://127.0.0.1:5000/token"))),
                   is(Optional.of(new SwaggerUiSignIn(
                           "swagger-client", "https://api", URI.create("http://127.0.0.1:5000/authorize"),
                           URI.create("http://127.0.0.1:5000/token")))));
    }

    @Test
    void withoutAClientIdThereIsNoSignIn() {
        assertThat(SwaggerUiSignIn.from(config(without("AUTH0_SWAGGER_UI_CLIENT_ID"))), is(Optional.empty()));
    }

    @Test
    void aBlankClientIdIsNone() {
        assertThat(SwaggerUiSignIn.from(config(with("AUTH0_SWAGGER_UI_CLIENT_ID", "  "))), is(Optional.empty()));
    }

    @Test
    void withoutAnAudienceThereIsNoSignIn() {
        assertThat(SwaggerUiSignIn.from(config(without("AUTH0_AUDIENCE"))), is(Optional.empty()));
    }

    @Test
    void withoutADomainOrAnAuthorizationUrlThereIsNoSignIn() {
        assertThat(SwaggerUiSignIn.from(config(Map.of(
                "AUTH0_SWAGGER_UI_CLIENT_ID", "swagger-client", "AUTH0_AUDIENCE", "https://api",
                "swagger-ui.oauth.token-url", "http://127.0.0.1:5000/token"))), is(Optional.empty()));
    }

    @Test
    void withoutADomainOrATokenUrlThereIsNoSignIn() {
        assertThat(SwaggerUiSignIn.from(config(Map.of(
                "AUTH0_SWAGGER_UI_CLIENT_ID", "swagger-client", "AUTH0_AUDIENCE", "https://api",
                "swagger-ui.oauth.authorization-url", "http://127.0.0.1:5000/authorize"))), is(Optional.empty()));
    }

    @Test
    void theTokenOriginIsSchemeHostAndPortOnly() {
        assertThat(signInWithTokenUrl("http://127.0.0.1:5000/oauth/token?x=1#f").tokenOrigin(),
                   is("http://127.0.0.1:5000"));
    }

    @Test
    void theTokenOriginOfADefaultPortHasNoPort() {
        assertThat(signInWithTokenUrl("https://tenant.auth0.com/oauth/token").tokenOrigin(),
                   is("https://tenant.auth0.com"));
    }

    @Test
    void anExplicitPortIsKeptEvenZero() {
        assertThat(signInWithTokenUrl("http://127.0.0.1:0/oauth/token").tokenOrigin(), is("http://127.0.0.1:0"));
    }

    private static SwaggerUiSignIn signInWithTokenUrl(String tokenUrl) {
        return new SwaggerUiSignIn("c", "a", URI.create("https://tenant.auth0.com/authorize"), URI.create(tokenUrl));
    }

    private static Map<String, String> without(String key) {
        var values = new java.util.HashMap<>(TENANT);
        values.remove(key);
        return values;
    }

    private static Map<String, String> with(String key, String value) {
        var values = new java.util.HashMap<>(TENANT);
        values.put(key, value);
        return values;
    }

    static Config config(Map<String, String> values) {
        return ConfigProviderResolver.instance().getBuilder()
                .withSources(MpConfigSources.create(values))
                .build();
    }
}
