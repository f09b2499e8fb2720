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
 * Hands each accepted connection of one listener to Helidon's HTTP/1.1 handling, guarded, within two limits from
 * {@link ConnectionSettings}: {@code connections.max} open connections, a connection waiting for a request body
 * counted at what it holds ({@link ConnectionSettings#bodyWaitSurcharge(int) more than one}), and what the unfinished
 * first request heads of half-open connections may hold together (a flood of large heads would otherwise fill the
 * heap long before the count is reached).
 * <p>
 * At a limit, a new connection (or a growing head) takes the place of another, cheapest loss first:
 * <ol>
 *     <li>the oldest half-open connection (no complete request head yet) that is older than
 *     {@code connections.eviction-min-age}: a slowloris holds only such connections, while a real client completes
 *     its head within milliseconds, and the minimum age keeps a slow-ish client from being pushed out by a flood;</li>
 *     <li>(at {@code connections.max}) the connection that has waited longest, idle, for its next request: its
 *     client reconnects when it needs to, as HTTP/1.1 lets a server close an idle connection at any time;</li>
 *     <li>(at {@code connections.max}) the connection that has waited longest for bytes of a request body, if
 *     longer than the minimum age: a client that announces a body and sends none (or Helidon draining, after the
 *     answer, a body the application did not read) holds its place only until the body deadline otherwise.</li>
 * </ol>
 * otherwise the new connection is closed at once, before anything is read for it (a growing head, or a wait for a
 * body that would pass the limit: its own connection). Each is counted. (Helidon's own {@code max-tcp-connections}
 * stops accepting instead: every client waits in the kernel's queue, unseen and uncounted, behind the attacker's.)
 */
final class GuardedHttp1Selector implements ServerConnectionSelector, GuardedConnection.Room {
    private final ServerConnectionSelector http1;
    private final ConnectionSettings settings;
    private final long minAgeNanos;
    /** Evictions make room only once the evicted connection's thread has ended: this bounds the overshoot. */
    private final int hardLimit;
    private final AtomicInteger open = new AtomicInteger();
    /** What the heads of half-open connections hold (estimated). */
    private final AtomicLong halfOpenBytes = new AtomicLong();
    private final AtomicLong ids = new AtomicLong();
    /** Connections that have not completed a request head yet, oldest first. */
    private final NavigableSet<GuardedConnection> halfOpen =
            new ConcurrentSkipListSet<>(Comparator.comparingLong(GuardedConnection::id));
    /** Connections waiting idle for their next request, longest waiting first. */
    private final NavigableSet<GuardedConnection> idle = new ConcurrentSkipListSet<>(
            Comparator.comparingLong(GuardedConnection::idleSince).thenComparingLong(GuardedConnection::id));
    /** Connections waiting for bytes of a request body, longest waiting first; counted in {@link #bodyWaits}. */
    private final NavigableSet<GuardedConnection> waitingForBody = new ConcurrentSkipListSet<>(
            Comparator.comparingLong(GuardedConnection::waitingSince).thenComparingLong(GuardedConnection::id));
    private final AtomicInteger bodyWaits = new AtomicInteger();

    GuardedHttp1Selector(ServerConnectionSelector http1, ConnectionSettings settings) {
        this.http1 = http1;
        this.settings = settings;
        this.minAgeNanos = settings.evictionMinAge().toNanos();
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
        GuardedConnection connection = null;
        boolean counted = false;
        boolean admitted = false;
        try {
            if (overLimit(now) && (now > hardLimit || !makeRoom())) {
                ConnectionMetrics.closed(ConnectionMetrics.Reason.OVER_LIMIT);
                throw new CloseConnectionException("Over the connection limit"); // Helidon closes the socket
            }
            connection = new GuardedConnection(ctx, http1, settings, ConnectionErrorAnswers.HANDLERS,
                                               ids.incrementAndGet(), this);
            ConnectionMetrics.opened();
            counted = true;
            halfOpen.add(connection);
            admitted = true;
            return connection;
        } finally {
            if (!admitted) { // refused, or anything above threw: no count may keep the slot
                if (connection != null) {
                    halfOpen.remove(connection);
                }
                if (counted) {
                    ConnectionMetrics.ended();
                }
                open.decrementAndGet();
            }
        }
    }

    /** Whether {@code openNow} connections, those waiting for a body counted at what they hold, pass the limit. */
    private boolean overLimit(int openNow) {
        return openNow + ConnectionSettings.bodyWaitSurcharge(bodyWaits.get()) > settings.maxConnections();
    }

    private boolean makeRoom() {
        return evictOldHalfOpen() || evictLongestIdle() || evictLongestWaitingForBody();
    }

    private boolean evictOldHalfOpen() {
        GuardedConnection oldest;
        while ((oldest = halfOpen.pollFirst()) != null) {
            if (!oldest.awaitingFirstHead()) {
                left(oldest); // closed by a deadline meanwhile
                continue;
            }
            if (System.nanoTime() - oldest.openedAt() < minAgeNanos) {
                halfOpen.add(oldest); // too young, and so are all after it
                return false;
            }
            left(oldest);
            ConnectionMetrics.closed(ConnectionMetrics.Reason.EVICTED);
            oldest.closeSocket();
            return true;
        }
        return false;
    }

    private boolean evictLongestIdle() {
        GuardedConnection longest;
        while ((longest = idle.pollFirst()) != null) {
            if (longest.evictIfIdle()) {
                ConnectionMetrics.closed(ConnectionMetrics.Reason.EVICTED_IDLE);
                return true;
            }
        }
        return false;
    }

    private boolean evictLongestWaitingForBody() {
        GuardedConnection longest;
        while ((longest = pollWaitingForBody()) != null) {
            if (System.nanoTime() - longest.waitingSince() < minAgeNanos) {
                addWaitingForBody(longest); // too recent, and so are all after it
                return false;
            }
            if (longest.evictIfWaitingForBody()) {
                ConnectionMetrics.closed(ConnectionMetrics.Reason.EVICTED_BODY);
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean headBytes(GuardedConnection connection, long bytes) {
        if (halfOpenBytes.addAndGet(bytes) <= settings.halfOpenBytes()) {
            return true;
        }
        if (evictOldHalfOpen()) {
            return true;
        }
        // no older head to drop: this growing one goes
        if (halfOpen.remove(connection)) {
            left(connection);
        }
        ConnectionMetrics.closed(ConnectionMetrics.Reason.EVICTED);
        connection.closeSocket();
        return false;
    }

    @Override
    public void firstHeadRead(GuardedConnection connection) {
        if (halfOpen.remove(connection)) {
            left(connection);
        }
    }

    /** The connection has left the half-open ones: what its head held is no longer counted. */
    private void left(GuardedConnection connection) {
        halfOpenBytes.addAndGet(-connection.releaseHeadBytes());
    }

    @Override
    public void idleStarted(GuardedConnection connection) {
        idle.add(connection);
    }

    @Override
    public boolean bodyWaitStarted(GuardedConnection connection) {
        addWaitingForBody(connection);
        if (!overLimit(open.get()) || makeRoom()) {
            return true;
        }
        // no other connection can go: this wait would hold more than the limit allows
        if (removeWaitingForBody(connection) && connection.evictIfWaitingForBody()) {
            ConnectionMetrics.closed(ConnectionMetrics.Reason.EVICTED_BODY);
        }
        return false;
    }

    @Override
    public void waitEnded(GuardedConnection connection) {
        idle.remove(connection);
        removeWaitingForBody(connection);
    }

    private void addWaitingForBody(GuardedConnection connection) {
        if (waitingForBody.add(connection)) {
            bodyWaits.incrementAndGet();
        }
    }

    private boolean removeWaitingForBody(GuardedConnection connection) {
        if (waitingForBody.remove(connection)) {
            bodyWaits.decrementAndGet();
            return true;
        }
        return false;
    }

    private GuardedConnection pollWaitingForBody() {
        GuardedConnection longest = waitingForBody.pollFirst();
        if (longest != null) {
            bodyWaits.decrementAndGet();
        }
        return longest;
    }

    @Override
    public void ended(GuardedConnection connection) {
        waitEnded(connection);
        firstHeadRead(connection);
        open.decrementAndGet();
        ConnectionMetrics.ended();
    }

    /** Open connections of this listener (for tests). */
    int open() {
        return open.get();
    }

    /** Connections waiting for a request body (for tests). */
    int bodyWaits() {
        return bodyWaits.get();
    }

    /** What the heads of half-open connections hold, estimated (for tests). */
    long halfOpenBytes() {
        return halfOpenBytes.get();
    }
}
