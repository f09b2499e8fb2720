package com.example.hello.connections;

import com.example.hello.config.MemoryBudget;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/** Helidon's accept bound defaults to twice our connection limit, below every other configuration source. */
class ConnectionLimitDefaultsTest {
    private static final long HEAP = 128 * 1024 * 1024;

    @Test
    void helidonAcceptsTwiceTheDefaultConnectionLimit() {
        ConnectionLimitDefaults defaults = new ConnectionLimitDefaults(HEAP);
        int limit = ConnectionSettings.defaultMaxConnections(new MemoryBudget(HEAP).connectionBytes());
        assertThat(defaults.getValue("server.max-tcp-connections"), is(String.valueOf(2 * limit)));
        assertThat(defaults.getPropertyNames(), is(java.util.Set.of("server.max-tcp-connections")));
    }

    @Test
    void theFileAndTheEnvironmentOverrideIt() {
        assertThat(new ConnectionLimitDefaults(HEAP).getOrdinal(), lessThan(100));
    }
}
