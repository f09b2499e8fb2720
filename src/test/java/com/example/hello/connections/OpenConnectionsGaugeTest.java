package com.example.hello.connections;

import java.time.Duration;

import io.helidon.common.concurrency.limits.Limit;
import io.helidon.webserver.CloseConnectionException;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code connections_open}: up by one for each connection taken, down when its handling ends, not for a refusal. */
class OpenConnectionsGaugeTest {

    @Test
    void theGaugeCountsConnectionsFromTheirTakingToTheEndOfTheirHandling() throws InterruptedException {
        GuardedHttp1Selector selector = new GuardedHttp1Selector(new FakeWire.Http1(), FakeWire.settings(
                1, 1_000, Duration.ofMinutes(1)));
        long before = FakeWire.openGauge();

        GuardedConnection connection = (GuardedConnection) selector.connection(new FakeWire().context);
        assertThat(FakeWire.openGauge() - before, is(1L));

        assertThrows(CloseConnectionException.class, () -> selector.connection(new FakeWire().context));
        assertThat("a refusal leaves it", FakeWire.openGauge() - before, is(1L));

        connection.handle((Limit) null);
        assertThat(FakeWire.openGauge() - before, is(0L));
    }
}
