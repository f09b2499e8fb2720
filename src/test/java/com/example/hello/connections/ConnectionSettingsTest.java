package com.example.hello.connections;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The default connection limit follows the heap; settings that would disable a protection are refused. */
class ConnectionSettingsTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void theDefaultLimitIsWhatHalfTheHeapHoldsAt128KiBAConnection() {
        assertThat(ConnectionSettings.defaultMaxConnections(128 * MIB), is(512));
        assertThat(ConnectionSettings.defaultMaxConnections(288 * MIB), is(1152));
    }

    @Test
    void theDefaultLimitStaysWithinItsBounds() {
        assertThat(ConnectionSettings.defaultMaxConnections(8 * MIB), is(64));
        assertThat(ConnectionSettings.defaultMaxConnections(16 * MIB), is(64));
        assertThat(ConnectionSettings.defaultMaxConnections(17 * MIB), is(68));
        assertThat(ConnectionSettings.defaultMaxConnections(2_500 * MIB), is(10_000));
        assertThat(ConnectionSettings.defaultMaxConnections(64 * 1024 * MIB), is(10_000));
    }

    @Test
    void aLimitBelowOneIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ConnectionSettings(0, Duration.ofSeconds(10), Duration.ofSeconds(30)));
        assertThat(e.getMessage(), containsString("connections.max"));
        assertThat(new ConnectionSettings(1, Duration.ofSeconds(10), Duration.ofSeconds(30)).maxConnections(), is(1));
    }

    @Test
    void aZeroOrNegativeDeadlineIsRefused() {
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> new ConnectionSettings(10, Duration.ZERO, Duration.ofSeconds(30))).getMessage(),
                   containsString("connections.request-head-timeout"));
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> new ConnectionSettings(10, Duration.ofSeconds(10), Duration.ofSeconds(-1))).getMessage(),
                   containsString("connections.write-timeout"));
    }
}
