package com.example.hello.connections;

import io.helidon.common.Weight;
import io.helidon.common.Weighted;
import io.helidon.common.config.Config;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.spi.ProtocolConfigProvider;

/**
 * Reads {@code server.protocols.http_1_1} in place of Helidon's provider (a higher weight wins the key), adding our
 * request-head checks ({@link RequestHeadChecks}) to Helidon's HTTP/1.1 settings. Registered in
 * {@code META-INF/services/io.helidon.webserver.spi.ProtocolConfigProvider}.
 */
@Weight(Weighted.DEFAULT_WEIGHT + 10)
public final class GuardedHttp1ConfigProvider implements ProtocolConfigProvider<GuardedHttp1Config> {
    /** Creates the provider (service loader). */
    public GuardedHttp1ConfigProvider() {
    }

    @Override
    public String configKey() {
        return GuardedHttp1Config.TYPE;
    }

    // The SPI of Helidon 4.3.0 hands over its deprecated Config type, and Http1Config reads only that one.
    @SuppressWarnings({"removal", "deprecation"})
    @Override
    public GuardedHttp1Config create(Config config, String name) {
        // The only receive listener: Helidon 4.3.0 combines two or more into one that calls none of them. So the
        // packet logging of recv-log (TRACE/DEBUG), which Helidon adds when there is no other listener, is off.
        return new GuardedHttp1Config(Http1Config.builder()
                                              .config(config)
                                              .name(name)
                                              .addReceiveListener(RequestHeadChecks.INSTANCE)
                                              .build());
    }
}
