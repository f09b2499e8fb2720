package com.example.hello.connections;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Set;

import io.helidon.common.buffers.BufferData;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The open count stays right when taking a connection fails half-way. */
class GuardedHttp1SelectorTest {
    @Test
    void aConnectionThatFailsToStartGivesItsPlaceBack() {
        GuardedHttp1Selector selector = new GuardedHttp1Selector(new FailingHttp1(), new ConnectionSettings(
                1, 1024 * 1024, Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ZERO));
        ConnectionContext ctx = (ConnectionContext) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {ConnectionContext.class}, (proxy, method, args) -> null);

        assertThat(assertThrows(IllegalStateException.class, () -> selector.connection(ctx)).getMessage(),
                   is("Helidon's connection failed"));
        assertThat("open", selector.open(), is(0));
        // with the place leaked, a limit of one would refuse this one as over the limit
        assertThat(assertThrows(IllegalStateException.class, () -> selector.connection(ctx)).getMessage(),
                   is("Helidon's connection failed"));
    }

    /** Helidon's HTTP/1.1 selector whose connections fail to start. */
    private static final class FailingHttp1 implements ServerConnectionSelector {
        @Override
        public int bytesToIdentifyConnection() {
            return 0;
        }

        @Override
        public Support supports(BufferData data) {
            return Support.SUPPORTED;
        }

        @Override
        public Set<String> supportedApplicationProtocols() {
            return Set.of();
        }

        @Override
        public ServerConnection connection(ConnectionContext ctx) {
            throw new IllegalStateException("Helidon's connection failed");
        }
    }
}
