package com.example.hello.connections;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;

import io.helidon.common.HelidonServiceLoader;
import io.helidon.webserver.ProtocolConfigs;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.http1.spi.Http1UpgradeProvider;
import io.helidon.webserver.http1.spi.Http1Upgrader;
import io.helidon.webserver.spi.ProtocolConfig;
import io.helidon.webserver.spi.ServerConnectionSelector;
import io.helidon.webserver.spi.ServerConnectionSelectorProvider;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Serves HTTP/1.1 with Helidon's own connection, inside the limits of {@link ConnectionSettings}: Helidon 4.3.0 has
 * no deadline for a request head or an answer, and its connection limit ({@code max-tcp-connections}) makes excess
 * clients wait unaccepted and uncounted. Registered in
 * {@code META-INF/services/io.helidon.webserver.spi.ServerConnectionSelectorProvider}.
 */
public final class GuardedHttp1Provider implements ServerConnectionSelectorProvider<GuardedHttp1Config> {
    /** Creates the provider (service loader). */
    public GuardedHttp1Provider() {
    }

    @Override
    public Class<GuardedHttp1Config> protocolConfigType() {
        return GuardedHttp1Config.class;
    }

    @Override
    public String protocolType() {
        return GuardedHttp1Config.TYPE;
    }

    // Upgrade providers are loaded raw, as Helidon's provider does: each is generic in its own config type.
    @SuppressWarnings({"rawtypes", "unchecked"})
    @Override
    public ServerConnectionSelector create(String listenerName, GuardedHttp1Config config, ProtocolConfigs configs) {
        // Main refuses such a classpath in one line before Helidon starts; this covers other ways of starting
        GuardedProtocols.problem().ifPresent(problem -> {
            throw new IllegalStateException(problem);
        });
        // As Helidon's Http1ConnectionProvider does: upgrades (WebSocket, HTTP/2) when their modules are present.
        Map<String, Http1Upgrader> upgraders = new LinkedHashMap<>();
        for (Http1UpgradeProvider<ProtocolConfig> provider
                : HelidonServiceLoader.create(ServiceLoader.load(Http1UpgradeProvider.class)).asList()) {
            for (ProtocolConfig upgradeConfig : configs.config(provider.protocolType(), provider.protocolConfigType())) {
                Http1Upgrader upgrader = provider.create(upgradeConfig, configs);
                upgraders.putIfAbsent(upgrader.supportedProtocol(), upgrader);
            }
        }
        ServerConnectionSelector http1 = Http1ConnectionSelector.builder()
                .config(config.http1())
                .addUpgraders(upgraders)
                .build();
        return new GuardedHttp1Selector(http1, ConnectionSettings.from(ConfigProvider.getConfig()));
    }
}
