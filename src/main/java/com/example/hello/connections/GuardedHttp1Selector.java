package com.example.hello.connections;

import java.util.Comparator;
import java.util.NavigableSet;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.helidon.common.buffers.BufferData;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;

/**
 * Hands each accepted connection of one listener to Helidon's HTTP/1.1 handling, guarded, while fewer than
 * {@code connections.max} are open. At the limit, a new connection takes the place of the oldest one that has not
 * sent a complete request head yet (a slowloris holds only such connections, a real client completes its head within
 * milliseconds), so clients are still served during an attack; when every open connection has been served, the new
 * one is closed at once, before anything is read for it. Both are counted. (Helidon's own {@code max-tcp-connections}
 * stops accepting instead: every client waits in the kernel's queue, unseen and uncounted, behind the attacker's.)
 */
final class GuardedHttp1Selector implements ServerConnectionSelector {
    private final ServerConnectionSelector http1;
    private final ConnectionSettings settings;
    /** Evictions make room only once the evicted connection's thread has ended: this bounds the overshoot. */
    private final int hardLimit;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong opened = new AtomicLong();
    /** Connections that have not completed a request head yet, oldest first. */
    private final NavigableSet<Entry> halfOpen =
            new ConcurrentSkipListSet<>(Comparator.comparingLong(Entry::order));

    GuardedHttp1Selector(ServerConnectionSelector http1, ConnectionSettings settings) {
        this.http1 = http1;
        this.settings = settings;
        this.hardLimit = settings.maxConnections() + Math.max(1, settings.maxConnections() / 4);
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
        int now = open.incrementAndGet();
        if (now > settings.maxConnections() && (now > hardLimit || !evictOldestHalfOpen())) {
            open.decrementAndGet();
            ConnectionMetrics.closed(ConnectionMetrics.Reason.OVER_LIMIT);
            throw new CloseConnectionException("Over the connection limit"); // Helidon closes the socket
        }
        ConnectionMetrics.opened();
        Entry entry = new Entry(opened.incrementAndGet());
        try {
            GuardedConnection connection = new GuardedConnection(ctx, http1, settings, ConnectionErrorAnswers.HANDLERS,
                                                                  () -> ended(entry));
            entry.connection = connection;
            halfOpen.add(entry);
            return connection;
        } catch (RuntimeException e) {
            ended(entry);
            throw e;
        }
    }

    private boolean evictOldestHalfOpen() {
        Entry oldest;
        while ((oldest = halfOpen.pollFirst()) != null) {
            GuardedConnection connection = oldest.connection;
            if (connection != null && connection.awaitingFirstHead()) {
                ConnectionMetrics.closed(ConnectionMetrics.Reason.EVICTED);
                connection.closeSocket();
                return true;
            }
        }
        return false;
    }

    private void ended(Entry entry) {
        halfOpen.remove(entry);
        open.decrementAndGet();
        ConnectionMetrics.ended();
    }

    /** A connection in the order it was opened. */
    private static final class Entry {
        private final long order;
        private volatile GuardedConnection connection;

        private Entry(long order) {
            this.order = order;
        }

        long order() {
            return order;
        }
    }
}
