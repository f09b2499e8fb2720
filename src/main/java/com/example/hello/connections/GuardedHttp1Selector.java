package com.example.hello.connections;

import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import io.helidon.common.buffers.BufferData;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;

/**
 * Hands each accepted connection of one listener to Helidon's HTTP/1.1 handling, guarded, while fewer than
 * {@code connections.max} are open; beyond that, the connection is closed at once, before anything is read or
 * allocated for it, and counted. (Helidon's own {@code max-tcp-connections} stops accepting instead: clients wait in
 * the kernel's queue, unseen and uncounted.)
 */
final class GuardedHttp1Selector implements ServerConnectionSelector {
    private final ServerConnectionSelector http1;
    private final ConnectionSettings settings;
    private final AtomicInteger open = new AtomicInteger();

    GuardedHttp1Selector(ServerConnectionSelector http1, ConnectionSettings settings) {
        this.http1 = http1;
        this.settings = settings;
    }

    @Override
    public int bytesToIdentifyConnection() {
        return http1.bytesToIdentifyConnection();
    }

    @Override
    public Support supports(BufferData data) {
        return http1.supports(data);
    }

    @Override
    public Set<String> supportedApplicationProtocols() {
        return http1.supportedApplicationProtocols();
    }

    @Override
    public ServerConnection connection(ConnectionContext ctx) {
        if (open.incrementAndGet() > settings.maxConnections()) {
            open.decrementAndGet();
            ConnectionMetrics.closed(ConnectionMetrics.Reason.OVER_LIMIT);
            throw new CloseConnectionException("Over the connection limit"); // Helidon closes the socket
        }
        ConnectionMetrics.opened();
        try {
            return new GuardedConnection(ctx, http1, settings, ConnectionErrorAnswers.HANDLERS, this::ended);
        } catch (RuntimeException e) {
            ended();
            throw e;
        }
    }

    private void ended() {
        open.decrementAndGet();
        ConnectionMetrics.ended();
    }
}
