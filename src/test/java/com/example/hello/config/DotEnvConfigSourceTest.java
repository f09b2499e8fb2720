package com.example.hello.config;

import java.nio.file.Files;
import java.nio.file.Path;

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
    void environmentAndSystemPropertiesWinOverTheFile() {
        int ordinal = new DotEnvConfigSource(directory.toString()).getOrdinal();
        assertThat("below environment variables (300)", ordinal, lessThan(300));
        assertThat("above microprofile-config.properties (100)", 100, lessThan(ordinal));
    }
}
