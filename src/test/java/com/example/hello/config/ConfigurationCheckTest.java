package com.example.hello.config;

import java.net.URL;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.example.hello.config.ConfigurationCheck.Mode;

import io.helidon.config.mp.MpConfigSources;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Which settings each start mode checks, over the shipped defaults. (Each rule's line, end to end, is in
 * StartupConfigurationTest; each value's problem in AcceptedTest.)
 */
class ConfigurationCheckTest {
    private static final Map<String, String> AUTH0 = Map.of("AUTH0_DOMAIN", "tenant.auth0.com",
                                                            "AUTH0_AUDIENCE", "https://api");

    @Test
    void theShippedDefaultsAreAccepted() {
        assertThat(ConfigurationCheck.problems(config(AUTH0), Mode.PRODUCTION), is(List.of()));
        assertThat(ConfigurationCheck.problems(config(Map.of()), Mode.DEVELOPMENT), is(List.of()));
    }

    @Test
    void productionNeedsTheDomainAndTheAudience() {
        assertThat(ConfigurationCheck.problems(config(Map.of()), Mode.PRODUCTION), is(List.of(
                "Missing AUTH0_DOMAIN environment variable.", "Missing AUTH0_AUDIENCE environment variable.")));
    }

    @Test
    void theDomainIsNotNeededWhenBothTheIssuerAndTheKeysAreGiven() {
        Map<String, String> both = Map.of("AUTH0_AUDIENCE", "https://api",
                                          "mp.jwt.verify.issuer", "https://issuer.example.com/",
                                          "mp.jwt.verify.publickey.location", "https://issuer.example.com/keys");
        assertThat(ConfigurationCheck.problems(config(both), Mode.PRODUCTION), is(List.of()));
        Map<String, String> issuerOnly = Map.of("AUTH0_AUDIENCE", "https://api",
                                                "mp.jwt.verify.issuer", "https://issuer.example.com/");
        assertThat(ConfigurationCheck.problems(config(issuerOnly), Mode.PRODUCTION),
                   is(List.of("Missing AUTH0_DOMAIN environment variable.")));
        Map<String, String> keysOnly = Map.of("AUTH0_AUDIENCE", "https://api",
                                              "mp.jwt.verify.publickey.location", "https://issuer.example.com/keys");
        assertThat(ConfigurationCheck.problems(config(keysOnly), Mode.PRODUCTION),
                   is(List.of("Missing AUTH0_DOMAIN environment variable.")));
    }

    @Test
    void theLogFormatIsTextOrJson() {
        Map<String, String> values = new HashMap<>(AUTH0);
        values.put("LOG_FORMAT", "JSON");
        assertThat(ConfigurationCheck.problems(config(values), Mode.PRODUCTION), is(List.of()));
        values.put("LOG_FORMAT", "yaml");
        assertThat(ConfigurationCheck.problems(config(values), Mode.PRODUCTION), is(List.of(
                "Invalid LOG_FORMAT \"yaml\": an unknown word. Accepted: text or json (any letter case).")));
    }

    @Test
    void swaggerUiSignInSettingsAreChecked() {
        Map<String, String> values = new HashMap<>(AUTH0);
        values.put("AUTH0_SWAGGER_UI_CLIENT_ID", "my client");
        values.put("swagger-ui.oauth.token-url", "http://tenant.auth0.com/oauth/token");
        assertThat(ConfigurationCheck.problems(config(values), Mode.PRODUCTION), is(List.of(
                "Invalid AUTH0_SWAGGER_UI_CLIENT_ID \"my client\": not a client id. Accepted: 1 to 128 letters, digits, "
                        + "'.', '_' or '-', as in the Auth0 application's Client ID.",
                "Invalid swagger-ui.oauth.token-url \"http://tenant.auth0.com/oauth/token\": http:// to a host other "
                        + "than this machine. Accepted: an absolute https:// URL (http:// only to a loopback address "
                        + "such as 127.0.0.1).")));
    }

    @Test
    void theAudienceMayComeFromTheMicroProfileKey() {
        Map<String, String> values = Map.of("AUTH0_DOMAIN", "tenant.auth0.com",
                                            "mp.jwt.verify.audiences", "https://api");
        assertThat(ConfigurationCheck.problems(config(values), Mode.PRODUCTION), is(List.of()));
    }

    @Test
    void developmentChecksTheKeyFileButNotWhatDevelopmentModeSetsItself() {
        Map<String, String> values = Map.of("mp.jwt.verify.issuer", "http://tenant.auth0.com/",
                                            "dev.key-file", "/proc/self/status/key.pk8");
        assertThat(ConfigurationCheck.problems(config(values), Mode.DEVELOPMENT), is(List.of(
                "Invalid dev.key-file \"/proc/self/status/key.pk8\": does not exist and cannot be created. "
                        + "Accepted: the path of a readable file, or of one that can be created.")));
        assertThat("production never reads the key file",
                   ConfigurationCheck.problems(config(with(AUTH0, "dev.key-file", "/proc/self/status/key.pk8")),
                                               Mode.PRODUCTION), is(List.of()));
    }

    @Test
    void anEmptiedSettingIsMissingRatherThanItsDefault() {
        assertThat(ConfigurationCheck.problems(config(with(AUTH0, "RBAC_ENABLED", " ")), Mode.PRODUCTION),
                   is(List.of("Missing RBAC_ENABLED environment variable.")));
    }

    @Test
    void theValueShownStaysOneShortLine() {
        String longValue = "x".repeat(100);
        assertThat(ConfigurationCheck.problems(config(with(AUTH0, "PORT", longValue)), Mode.PRODUCTION), is(List.of(
                "Invalid PORT \"" + "x".repeat(80) + "...\": not a whole number. Accepted: a port number from 1 to "
                        + "65535.")));
        assertThat(ConfigurationCheck.problems(config(with(AUTH0, "PORT", "6\n0\"6\\0")), Mode.PRODUCTION),
                   is(List.of("Invalid PORT \"6\\u000a0\\u00226\\u005c0\": not a whole number. Accepted: a port "
                                      + "number from 1 to 65535.")));
        assertThat(ConfigurationCheck.problems(config(with(AUTH0, "PORT", "x".repeat(80))), Mode.PRODUCTION),
                   is(List.of("Invalid PORT \"" + "x".repeat(80) + "\": not a whole number. Accepted: a port "
                                      + "number from 1 to 65535.")));
    }

    private static Map<String, String> with(Map<String, String> values, String name, String value) {
        Map<String, String> copy = new HashMap<>(values);
        copy.put(name, value);
        return copy;
    }

    /** The shipped microprofile-config.properties below these values, as at start. */
    static Config config(Map<String, String> values) {
        URL properties = ConfigurationCheckTest.class.getClassLoader()
                .getResource("META-INF/microprofile-config.properties");
        return ConfigProviderResolver.instance().getBuilder()
                .withSources(MpConfigSources.create(properties), MpConfigSources.systemProperties(),
                             source(500, values))
                .build();
    }

    /** @return a configuration source of these values at this ordinal (environment 300, properties file 100) */
    static ConfigSource source(int ordinal, Map<String, String> values) {
        return new ConfigSource() {
            @Override
            public Set<String> getPropertyNames() {
                return values.keySet();
            }

            @Override
            public String getValue(String name) {
                return values.get(name);
            }

            @Override
            public String getName() {
                return "ordinal " + ordinal;
            }

            @Override
            public int getOrdinal() {
                return ordinal;
            }
        };
    }
}
