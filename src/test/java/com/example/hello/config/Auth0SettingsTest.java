package com.example.hello.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import io.helidon.config.mp.MpConfigSources;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** How the Auth0 variables become verification settings. */
class Auth0SettingsTest {

    @ParameterizedTest
    @ValueSource(strings = {"tenant.us.auth0.com", "https://tenant.us.auth0.com", "https://tenant.us.auth0.com/",
            " tenant.us.auth0.com/ ", "HTTPS://tenant.us.auth0.com", "Tenant.US.Auth0.com", "tenant.us.auth0.com:443",
            "https://TENANT.us.auth0.com:443/"})
    void issuerAndJwksDeriveFromTheDomainWrittenAnyUsualWay(String domain) {
        Auth0Settings settings = Auth0Settings.from(config(Map.of("AUTH0_DOMAIN", domain,
                                                                  "AUTH0_AUDIENCE", "https://api")));
        assertThat(settings.issuer(), is("https://tenant.us.auth0.com/"));
        assertThat(settings.jwksUri(), is(URI.create("https://tenant.us.auth0.com/.well-known/jwks.json")));
        assertThat(settings.audiences(), is(Set.of("https://api")));
    }

    @Test
    void aPortOtherThan443IsKept() {
        Auth0Settings settings = Auth0Settings.from(config(Map.of("AUTH0_DOMAIN", "Localhost:8443",
                                                                  "AUTH0_AUDIENCE", "https://api")));
        assertThat(settings.issuer(), is("https://localhost:8443/"));
        assertThat(settings.jwksUri(), is(URI.create("https://localhost:8443/.well-known/jwks.json")));
    }

    @Test
    void defaultsAreRbacOnAndAThirtySecondSkew() {
        Auth0Settings settings = Auth0Settings.from(config(Map.of("AUTH0_DOMAIN", "t.auth0.com",
                                                                  "AUTH0_AUDIENCE", "https://api")));
        assertThat(settings.rbacEnabled(), is(true));
        assertThat(settings.clockSkew(), is(Duration.ofSeconds(30)));
    }

    @Test
    void theShippedDefaultsAreRbacOnAThirtySecondSkewAndKeysKeptTenMinutesRefreshedAtMostEveryFiveSeconds() {
        Auth0Settings settings = Auth0Settings.from(ConfigurationCheckTest.config(Map.of(
                "AUTH0_DOMAIN", "t.auth0.com", "AUTH0_AUDIENCE", "https://api")));
        assertThat(settings.rbacEnabled(), is(true));
        assertThat(settings.clockSkew(), is(Duration.ofSeconds(30)));
        assertThat(settings.jwksMinRefreshInterval(), is(Duration.ofSeconds(5)));
        assertThat(settings.jwksMaxAge(), is(Duration.ofMinutes(10)));
    }

    @Test
    void theShippedPortsAndOriginAreTheDocumentedOnes() {
        Config config = ConfigurationCheckTest.config(Map.of());
        assertThat(config.getValue("server.port", String.class), is("6060"));
        assertThat(config.getValue("server.sockets.0.port", String.class), is("9090"));
        assertThat(config.getValue("server.sockets.0.host", String.class), is("0.0.0.0"));
        assertThat(config.getValue("cors.allow-origins", String.class), is("http://localhost:4040"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ture", "maybe", "yes", "0"})
    void rbacIsNeverSwitchedOffByAnUnknownWord(String value) {
        var e = assertThrows(IllegalStateException.class, () -> Auth0Settings.from(config(Map.of(
                "AUTH0_DOMAIN", "t.auth0.com", "AUTH0_AUDIENCE", "https://api", "RBAC_ENABLED", value))));
        assertThat(e.getMessage(), is("RBAC_ENABLED accepts true or false only"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "FALSE", " False "})
    void rbacIsSwitchedOffByFalseInAnyLetterCase(String value) {
        assertThat(Auth0Settings.from(config(Map.of("AUTH0_DOMAIN", "t.auth0.com", "AUTH0_AUDIENCE", "https://api",
                                                    "RBAC_ENABLED", value))).rbacEnabled(), is(false));
    }

    @Test
    void microProfileJwtKeysOverrideTheDerivedValues() {
        Auth0Settings settings = Auth0Settings.from(config(Map.of(
                "AUTH0_DOMAIN", "t.auth0.com",
                "AUTH0_AUDIENCE", "https://api",
                "mp.jwt.verify.issuer", "http://127.0.0.1:9999/",
                "mp.jwt.verify.publickey.location", "http://127.0.0.1:9999/keys",
                "mp.jwt.verify.clock.skew", "5",
                "RBAC_ENABLED", "false")));
        assertThat(settings.issuer(), is("http://127.0.0.1:9999/"));
        assertThat(settings.jwksUri(), is(URI.create("http://127.0.0.1:9999/keys")));
        assertThat(settings.clockSkew(), is(Duration.ofSeconds(5)));
        assertThat(settings.rbacEnabled(), is(false));
    }

    @Test
    void missingDomainIsNamed() {
        var e = assertThrows(MissingConfigurationException.class,
                             () -> Auth0Settings.from(config(Map.of("AUTH0_AUDIENCE", "https://api"))));
        assertThat(e.getMessage(), is("Missing AUTH0_DOMAIN environment variable."));
    }

    @Test
    void blankAudienceIsMissing() {
        var e = assertThrows(MissingConfigurationException.class,
                             () -> Auth0Settings.from(config(Map.of("AUTH0_DOMAIN", "t.auth0.com",
                                                                    "AUTH0_AUDIENCE", " "))));
        assertThat(e.getMessage(), is("Missing AUTH0_AUDIENCE environment variable."));
    }

    @Test
    void anAudienceListOfNothingButCommasIsMissing() {
        var e = assertThrows(MissingConfigurationException.class,
                             () -> Auth0Settings.from(config(Map.of("AUTH0_DOMAIN", "t.auth0.com",
                                                                    "AUTH0_AUDIENCE", " , "))));
        assertThat(e.getMessage(), is("Missing AUTH0_AUDIENCE environment variable."));
    }

    @Test
    void emptyEntriesOfTheAudienceListAreLeftOut() {
        assertThat(Auth0Settings.from(config(Map.of("AUTH0_DOMAIN", "t.auth0.com",
                                                    "AUTH0_AUDIENCE", "https://a, ,https://b,"))).audiences(),
                   is(Set.of("https://a", "https://b")));
    }

    @Test
    void aBlankDomainIsMissing() {
        var e = assertThrows(MissingConfigurationException.class,
                             () -> Auth0Settings.from(config(Map.of("AUTH0_DOMAIN", "  ",
                                                                    "AUTH0_AUDIENCE", "https://api"))));
        assertThat(e.getMessage(), is("Missing AUTH0_DOMAIN environment variable."));
    }

    private static Config config(Map<String, String> values) {
        return ConfigProviderResolver.instance().getBuilder()
                .withSources(MpConfigSources.create(values))
                .build();
    }
}
