package com.example.hello.connections;

import java.util.Map;
import java.util.Set;

import com.example.hello.config.MemoryBudget;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Defaults that depend on the heap, below every other source (the properties file, the environment and system
 * properties override them): Helidon's {@code server.max-tcp-connections}, twice the default {@code connections.max}.
 * <p>
 * Helidon accepts a connection only while fewer than {@code max-tcp-connections} are accepted and unfinished, so it
 * bounds what a flood of connections can pile up before our handling runs; twice our limit leaves room for new
 * clients to take the place of half-open connections. Registered through {@link ConnectionLimitDefaultsProvider}.
 */
final class ConnectionLimitDefaults implements ConfigSource {
    static final String MAX_TCP_CONNECTIONS = "server.max-tcp-connections";
    /** Below META-INF/microprofile-config.properties (100). */
    static final int ORDINAL = 50;

    private final Map<String, String> values;

    ConnectionLimitDefaults(long maxHeapBytes) {
        this.values = Map.of(MAX_TCP_CONNECTIONS,
                             String.valueOf(2 * ConnectionSettings.defaultMaxConnections(
                                     new MemoryBudget(maxHeapBytes).connectionBytes())));
    }

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
        return "connection limits derived from the heap";
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }
}
