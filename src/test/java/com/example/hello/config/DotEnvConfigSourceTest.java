package com.example.hello.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.nullValue;

/** The .env file: read when present, ignored when absent, and below the environment and system properties. */
class DotEnvConfigSourceTest {
    @TempDir
    Path directory;

    @Test
    void valuesOfTheFileAreServed() throws Exception {
        Files.writeString(directory.resolve(".env"), "AUTH0_DOMAIN=tenant.auth0.com\n# comment\nPORT=7070\n");
        DotEnvConfigSource source = new DotEnvConfigSource(directory.toString());
        assertThat(source.getValue("AUTH0_DOMAIN"), is("tenant.auth0.com"));
        assertThat(source.getValue("PORT"), is("7070"));
    }

    @Test
    void noFileMeansNoValues() {
        DotEnvConfigSource source = new DotEnvConfigSource(directory.toString());
        assertThat(source.getPropertyNames().isEmpty(), is(true));
        assertThat(source.getValue("AUTH0_DOMAIN"), nullValue());
    }

    @Test
    void theSourceIsNamedAfterTheFileAndListsItsKeys() throws Exception {
        Files.writeString(directory.resolve(".env"), "AUTH0_DOMAIN=tenant.auth0.com\nAUTH0_AUDIENCE=https://api\n");
        DotEnvConfigSource source = new DotEnvConfigSource(directory.toString());
        assertThat(source.getName(), is(".env"));
        assertThat(source.getPropertyNames(), is(Set.of("AUTH0_DOMAIN", "AUTH0_AUDIENCE")));
    }

    @Test
    void aKeyGivenTwiceTakesItsLastValue() throws Exception {
        Files.writeString(directory.resolve(".env"), "PORT=7070\nPORT=8080\n");
        assertThat(new DotEnvConfigSource(directory.toString()).getValue("PORT"), is("8080"));
    }

    @Test
    void theFileSitsBetweenTheEnvironmentAndTheDefaults() throws Exception {
        Files.writeString(directory.resolve(".env"), "AUTH0_DOMAIN=file.auth0.com\nPORT=7070\n");
        Config config = ConfigProviderResolver.instance().getBuilder()
                .withSources(new DotEnvConfigSource(directory.toString()),
                             source("environment", 300, Map.of("AUTH0_DOMAIN", "env.auth0.com")),
                             source("defaults", 100, Map.of("AUTH0_DOMAIN", "default.auth0.com", "PORT", "6060")))
                .build();
        assertThat("the environment wins over the file", config.getValue("AUTH0_DOMAIN", String.class),
                   is("env.auth0.com"));
        assertThat("the file wins over the defaults", config.getValue("PORT", String.class), is("7070"));
    }

    private static ConfigSource source(String name, int ordinal, Map<String, String> values) {
        return new ConfigSource() {
            @Override
            public Set<String> getPropertyNames() {
                return values.keySet();
            }

            @Override
            public String getValue(String propertyName) {
                return values.get(propertyName);
            }

            @Override
            public String getName() {
                return name;
            }

            @Override
            public int getOrdinal() {
                return ordinal;
            }
        };
    }

    @Test
    void environmentAndSystemPropertiesWinOverTheFile() {
        int ordinal = new DotEnvConfigSource(directory.toString()).getOrdinal();
        assertThat("below environment variables (300)", ordinal, lessThan(300));
        assertThat("above microprofile-config.properties (100)", 100, lessThan(ordinal));
    }
}
