package com.example.hello.connections;

import java.util.List;

import io.helidon.config.Config;
import io.helidon.webserver.ProtocolConfigs;
import io.helidon.webserver.http1.Http1ConnectionListener;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;

/**
 * How the guard takes its place in Helidon: it reads {@code server.protocols.http_1_1} with our request-head checks
 * as the only receive listener, serves that protocol with the guarded selector, and adds the heap's connection
 * limit below every configuration source.
 */
class ProtocolRegistrationTest {

    // The SPI of Helidon 4.3.0 hands over its deprecated Config type.
    @SuppressWarnings({"removal", "deprecation"})
    @Test
    void http11SettingsAreReadWithTheRequestHeadChecksAsTheOnlyListener() {
        GuardedHttp1ConfigProvider provider = new GuardedHttp1ConfigProvider();
        GuardedHttp1Config config = provider.create(Config.empty(), "admin");

        assertThat(provider.configKey(), is("http_1_1"));
        assertThat(config.name(), is("admin"));
        assertThat(config.type(), is("http_1_1"));
        assertThat(config.http1().receiveListeners(), is(List.<Http1ConnectionListener>of(RequestHeadChecks.INSTANCE)));
    }

    @SuppressWarnings({"removal", "deprecation"})
    @Test
    void http11IsServedByTheGuardedSelector() {
        GuardedHttp1Provider provider = new GuardedHttp1Provider();
        GuardedHttp1Config config = new GuardedHttp1ConfigProvider().create(Config.empty(), "@default");

        assertThat(provider.protocolType(), is("http_1_1"));
        assertThat(provider.protocolConfigType(), is((Object) GuardedHttp1Config.class));
        assertThat(provider.create("@default", config, ProtocolConfigs.create(List.of())),
                   instanceOf(GuardedHttp1Selector.class));
    }

    @Test
    void theHeapsConnectionLimitIsAConfigurationSourceBelowTheFile() {
        Iterable<ConfigSource> sources = new ConnectionLimitDefaultsProvider().getConfigSources(null);
        ConfigSource source = sources.iterator().next();

        assertThat(source, instanceOf(ConnectionLimitDefaults.class));
        assertThat(source.getName(), is("connection limits derived from the heap"));
        assertThat(source.getValue("server.max-tcp-connections"), is(String.valueOf(
                2 * ConnectionSettings.defaultMaxConnections())));
    }
}
