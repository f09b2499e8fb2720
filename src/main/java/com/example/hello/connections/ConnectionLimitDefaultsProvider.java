package com.example.hello.connections;

import java.util.List;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSourceProvider;

/**
 * Registers {@link ConnectionLimitDefaults} (in
 * {@code META-INF/services/org.eclipse.microprofile.config.spi.ConfigSourceProvider}).
 */
public final class ConnectionLimitDefaultsProvider implements ConfigSourceProvider {
    /** Creates the provider (service loader). */
    public ConnectionLimitDefaultsProvider() {
    }

    @Override
    public Iterable<ConfigSource> getConfigSources(ClassLoader forClassLoader) {
        return List.of(new ConnectionLimitDefaults(Runtime.getRuntime().maxMemory()));
    }
}
