package com.example.hello.connections;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/** Helidon's accept bound defaults to twice our connection limit, below every other configuration source. */
class ConnectionLimitDefaultsTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void helidonAcceptsTwiceTheDefaultConnectionLimit() {
        ConnectionLimitDefaults defaults = new ConnectionLimitDefaults(128 * MIB);
        assertThat(defaults.getValue("server.max-tcp-connections"), is("1024"));
        assertThat(defaults.getPropertyNames(), is(java.util.Set.of("server.max-tcp-connections")));
    }

    @Test
    void theFileAndTheEnvironmentOverrideIt() {
        assertThat(new ConnectionLimitDefaults(128 * MIB).getOrdinal(), lessThan(100));
    }
}
