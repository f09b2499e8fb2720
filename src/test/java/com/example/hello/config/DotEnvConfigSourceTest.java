package com.example.hello.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
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
    void theFileSitsBelowTheEnvironmentAndAboveTheDefaults() throws Exception {
        Files.writeString(directory.resolve(".env"), "PORT=7070\nRBAC_ENABLED=false\n");
        Config config = ConfigProviderResolver.instance().getBuilder()
                .withSources(new DotEnvConfigSource(directory.toString()),
                             ConfigurationCheckTest.source(300, Map.of("PORT", "8080")), // as the environment
                             ConfigurationCheckTest.source(100, Map.of("PORT", "6060", "RBAC_ENABLED", "true"))) // file
                .build();
        assertThat("the environment wins over the file", config.getValue("PORT", String.class), is("8080"));
        assertThat("the file wins over the defaults", config.getValue("RBAC_ENABLED", String.class), is("false"));
        // End to end, with the real environment, system properties and the environment's spelling of dotted names:
        // StartupConfigurationTest.theEnvironmentWinsOverTheDotEnvFileUnderBothSpellings and
        // systemPropertiesAreReadAndWinOverTheEnvironmentAndTheDotEnvFile.
    }
}
