package com.example.hello.connections;

import java.time.Duration;
import java.util.Map;

import com.example.hello.config.MemoryBudget;

import io.helidon.config.mp.MpConfigSources;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The connection settings as read from the configuration: defaults, configured values, and each refusal. */
class ConnectionSettingsReadTest {

    @Test
    void withoutSettingsTheDefaultsApply() {
        ConnectionSettings settings = ConnectionSettings.from(config(Map.of()));
        long share = MemoryBudget.ofThisJvm().connectionBytes();
        assertThat(settings, is(new ConnectionSettings(
                ConnectionSettings.defaultMaxConnections(share), share / 16, Duration.ofSeconds(10),
                Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMillis(250))));
        assertThat(ConnectionSettings.defaultMaxConnections(), is(ConnectionSettings.defaultMaxConnections(share)));
    }

    @Test
    void configuredValuesTakeTheirPlace() {
        ConnectionSettings settings = ConnectionSettings.from(config(Map.of(
                "connections.max", "5", "connections.request-head-timeout", "PT1S",
                "connections.request-body-timeout", "PT2S", "connections.write-timeout", "PT3S",
                "connections.eviction-min-age", "PT0S")));
        assertThat(settings.maxConnections(), is(5));
        assertThat(settings.requestHeadTimeout(), is(Duration.ofSeconds(1)));
        assertThat(settings.requestBodyTimeout(), is(Duration.ofSeconds(2)));
        assertThat(settings.writeTimeout(), is(Duration.ofSeconds(3)));
        assertThat(settings.evictionMinAge(), is(Duration.ZERO));
    }

    @Test
    void aZeroWriteTimeoutIsRefused() {
        assertThat(assertThrows(IllegalArgumentException.class, () -> new ConnectionSettings(
                           1, 1, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO)).getMessage(),
                   is("connections.write-timeout must be a positive duration, is PT0S"));
    }

    @Test
    void aNegativeDeadlineIsRefused() {
        assertThat(assertThrows(IllegalArgumentException.class, () -> new ConnectionSettings(
                           1, 1, Duration.ofSeconds(-1), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ZERO))
                           .getMessage(),
                   is("connections.request-head-timeout must be a positive duration, is PT-1S"));
    }

    @Test
    void aNegativeEvictionAgeIsRefused() {
        assertThat(assertThrows(IllegalArgumentException.class, () -> new ConnectionSettings(
                           1, 1, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1),
                           Duration.ofMillis(-1))).getMessage(),
                   is("connections.eviction-min-age must not be negative, is PT-0.001S"));
    }

    private static Config config(Map<String, String> values) {
        return ConfigProviderResolver.instance().getBuilder().withSources(MpConfigSources.create(values)).build();
    }
}
