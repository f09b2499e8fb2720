package com.example.hello.connections;

import java.time.Duration;
import java.util.Optional;

import io.helidon.common.concurrency.limits.Limit;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;

/**
 * One HTTP/1.1 connection, handled by Helidon, with two deadlines that {@link Deadlines} enforces by closing its
 * socket: its request head must be complete in time, and no write to the client may stall longer than allowed.
 * <p>
 * Helidon calls everything of one connection (handling, listeners, error answers) on the connection's own thread,
 * which is how {@link #current()} finds it.
 */
final class GuardedConnection implements ServerConnection {
    private static final ThreadLocal<GuardedConnection> CURRENT = new ThreadLocal<>();
    private static final long NONE = Long.MIN_VALUE;

    private final ConnectionContext connection;
    private final ServerConnection http1;
    private final long headTimeoutNanos;
    private final long writeTimeoutNanos;
    private final Runnable onEnd;
    private volatile long headDeadline;
    private volatile long writeDeadline = NONE;
    private volatile boolean closedByUs;
    private volatile boolean anyHeadRead;
    private volatile boolean requestLineRead;

    GuardedConnection(ConnectionContext connection, ServerConnectionSelector http1, ConnectionSettings settings,
                      DirectHandlers answers, Runnable onEnd) {
        this.connection = connection;
        this.headTimeoutNanos = settings.requestHeadTimeout().toNanos();
        this.writeTimeoutNanos = settings.writeTimeout().toNanos();
        this.onEnd = onEnd;
        this.headDeadline = System.nanoTime() + headTimeoutNanos; // the first request's head: from the opening
        this.http1 = http1.connection(new GuardedContext(connection, answers, this));
    }

    /** The connection the calling thread handles, if it is one of ours. */
    static Optional<GuardedConnection> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    @Override
    public void handle(Limit limit) throws InterruptedException {
        CURRENT.set(this);
        Deadlines.watch(this);
        try {
            http1.handle(limit);
        } finally {
            Deadlines.unwatch(this);
            CURRENT.remove();
            onEnd.run();
        }
    }

    @Override
    public Duration idleTime() {
        return http1.idleTime();
    }

    @Override
    public void close(boolean interrupt) {
        http1.close(interrupt);
    }

    /** A later request's line has arrived: its headers must follow within the head deadline. */
    void requestLineRead() {
        requestLineRead = true;
        if (headDeadline == NONE) {
            headDeadline = System.nanoTime() + headTimeoutNanos;
        }
    }

    /** The request head is complete. */
    void headRead() {
        headDeadline = NONE;
        anyHeadRead = true;
        requestLineRead = false;
    }

    /**
     * Whether the parser has yet to accept the current request's line: a failure now is a malformed request line
     * (after it, a failure while reading headers is, in practice, the client going away mid-head).
     */
    boolean readingRequestLine() {
        return readingHead() && !requestLineRead;
    }

    /** Whether no request head has arrived in full yet: the connection has not been served at all. */
    boolean awaitingFirstHead() {
        return !anyHeadRead && !closedByUs;
    }

    /** Whether the request head is still being read (so a failure now is the client's malformed request). */
    boolean readingHead() {
        return headDeadline != NONE;
    }

    void writeStarted() {
        writeDeadline = System.nanoTime() + writeTimeoutNanos;
    }

    void writeEnded() {
        writeDeadline = NONE;
    }

    /** Which deadline has passed at {@code now} ({@link System#nanoTime()}), if any. */
    Optional<ConnectionMetrics.Reason> missedDeadline(long now) {
        long head = headDeadline;
        if (head != NONE && now - head >= 0) {
            return Optional.of(ConnectionMetrics.Reason.HEAD_TIMEOUT);
        }
        long write = writeDeadline;
        if (write != NONE && now - write >= 0) {
            return Optional.of(ConnectionMetrics.Reason.WRITE_TIMEOUT);
        }
        return Optional.empty();
    }

    /** Closes the socket (a deadline passed, or room is needed): the blocked read or write fails, Helidon ends it. */
    void closeSocket() {
        closedByUs = true;
        connection.serverSocket().close();
    }

    boolean closedByUs() {
        return closedByUs;
    }
}
