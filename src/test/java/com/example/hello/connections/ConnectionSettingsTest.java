package com.example.hello.connections;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The default connection limit follows the connections' share of the heap; settings that would disable a protection are refused. */
class ConnectionSettingsTest {
    private static final long MIB = 1024 * 1024;
    private static final Duration SECONDS_10 = Duration.ofSeconds(10);

    @Test
    void theDefaultLimitIsWhatFifteenSixteenthsOfTheConnectionsShareHoldAtTheCostOfAnIdleConnection() {
        assertThat("the image's heap", ConnectionSettings.defaultMaxConnections(72_289_280L), is(2_206));
        assertThat(ConnectionSettings.defaultMaxConnections(120 * MIB), is(3_840));
    }

    @Test
    void theDefaultLimitStaysWithinItsBounds() {
        assertThat(ConnectionSettings.defaultMaxConnections(MIB), is(64));
        assertThat(ConnectionSettings.defaultMaxConnections(64 * 1024 * MIB), is(50_000));
    }

    @Test
    void connectionsWaitingForABodyCountAsOnePointSixEachRoundedDown() {
        assertThat("one alone never passes a limit of one", ConnectionSettings.bodyWaitSurcharge(1), is(0));
        assertThat(ConnectionSettings.bodyWaitSurcharge(5), is(3));
        assertThat("the image's limit holds 1,333 of them", 1_333 + ConnectionSettings.bodyWaitSurcharge(1_333),
                   is(2_132));
    }

    @Test
    void aLimitBelowOneIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> settings(0, SECONDS_10,
                                                                                                 SECONDS_10));
        assertThat(e.getMessage(), containsString("connections.max"));
        assertThat(settings(1, SECONDS_10, SECONDS_10).maxConnections(), is(1));
    }

    @Test
    void aZeroOrNegativeDeadlineIsRefused() {
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> settings(10, Duration.ZERO, SECONDS_10)).getMessage(),
                   containsString("connections.request-head-timeout"));
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> settings(10, SECONDS_10, Duration.ZERO)).getMessage(),
                   containsString("connections.request-body-timeout"));
    }

    private static ConnectionSettings settings(int max, Duration head, Duration body) {
        return new ConnectionSettings(max, MIB, head, body, Duration.ofSeconds(30), Duration.ZERO);
    }
}
