package com.example.hello.connections;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.task.InterruptableTask;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;

/**
 * One HTTP/1.1 connection, handled by Helidon, with a deadline for every phase in which it waits for its client,
 * which {@link Deadlines} enforces by closing its socket:
 * <ul>
 *     <li>head: a request head must be complete within {@code connections.request-head-timeout}, counted from the
 *     opening (first request) or from the first byte of a later request;</li>
 *     <li>body: each wait for bytes of a request body, including the body Helidon reads and drops after the answer
 *     when the application left it unread, ends after {@code connections.request-body-timeout};</li>
 *     <li>write: each write of an answer may stay blocked {@code connections.write-timeout};</li>
 *     <li>between requests (idle): Helidon's {@code server.idle-connection-timeout}; such a connection can also be
 *     evicted to make room ({@link GuardedHttp1Selector}).</li>
 * </ul>
 * The phase is known from where the one reader of the connection ({@link GuardedContext}) blocks: reading a request
 * line with nothing buffered is idle, with part of a line buffered or before the first head it is the head, and once
 * the head is complete it is the body.
 * <p>
 * Helidon calls everything of one connection (handling, listeners, error answers) on the connection's own thread,
 * which is how {@link #current()} finds it.
 */
final class GuardedConnection implements ServerConnection {
    private static final ThreadLocal<GuardedConnection> CURRENT = new ThreadLocal<>();
    private static final long NONE = Long.MIN_VALUE;
    private static final int BUSY = 0;
    private static final int IDLE = 1;
    private static final int WAITING_FOR_BODY = 2;
    private static final int EVICTED = 3;

    private final ConnectionContext connection;
    private final ServerConnection http1;
    private final Room room;
    private final long id;
    private final long openedAt;
    private final long headTimeoutNanos;
    private final long bodyTimeoutNanos;
    private final long writeTimeoutNanos;
    private final AtomicInteger idleState = new AtomicInteger(BUSY);
    private volatile long headDeadline;
    private volatile long bodyDeadline = NONE;
    private volatile long writeDeadline = NONE;
    private volatile long idleSince;
    private volatile long waitingSince;
    private volatile boolean closedByUs;
    private volatile boolean anyHeadRead;
    /** What this connection's unfinished first head is counted to hold; -1 once it no longer counts. */
    private long headBytes; // guarded by this

    /** What the connection tells the listener's bookkeeping ({@link GuardedHttp1Selector}). */
    interface Room {
        /**
         * Its first request head, still unfinished, holds {@code bytes} more.
         *
         * @return whether it may go on (false: it was closed to keep what heads hold within their share)
         */
        boolean headBytes(GuardedConnection connection, long bytes);

        /** Its first request head is complete: it is no longer half-open. */
        void firstHeadRead(GuardedConnection connection);

        /** It waits for its next request with nothing buffered: it may be evicted. */
        void idleStarted(GuardedConnection connection);

        /**
         * It waits for bytes of a request body: it may be evicted once the wait is old enough.
         *
         * @return whether it may wait (false: it was closed, the wait would hold more than the limit allows)
         */
        boolean bodyWaitStarted(GuardedConnection connection);

        /** It no longer waits, idle or for a body (data came, or the read failed). */
        void waitEnded(GuardedConnection connection);

        /** Its handling has ended. */
        void ended(GuardedConnection connection);
    }

    GuardedConnection(ConnectionContext connection, ServerConnectionSelector http1, ConnectionSettings settings,
                      DirectHandlers answers, long id, Room room) {
        this.connection = connection;
        this.room = room;
        this.id = id;
        this.headTimeoutNanos = settings.requestHeadTimeout().toNanos();
        this.bodyTimeoutNanos = settings.requestBodyTimeout().toNanos();
        this.writeTimeoutNanos = settings.writeTimeout().toNanos();
        this.openedAt = System.nanoTime();
        this.headDeadline = openedAt + headTimeoutNanos; // the first request's head: from the opening
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
            room.ended(this);
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

    long id() {
        return id;
    }

    long openedAt() {
        return openedAt;
    }

    long idleSince() {
        return idleSince;
    }

    long waitingSince() {
        return waitingSince;
    }

    /** A later request's line has arrived: its headers must follow within the head deadline. */
    void requestLineRead() {
        if (headDeadline == NONE) { // pipelined: its first bytes came with the previous request's
            headDeadline = System.nanoTime() + headTimeoutNanos;
        }
    }

    /** The request head is complete. */
    void headRead() {
        headDeadline = NONE;
        if (!anyHeadRead) {
            anyHeadRead = true;
            room.firstHeadRead(this);
        }
    }

    /**
     * The reader is about to wait for the client, with {@code buffered} bytes of the connection not yet parsed: which
     * phase the wait belongs to decides its deadline.
     */
    void readWaiting(int buffered) {
        if (closedByUs) { // Helidon may read on after a failed read (draining a body): nothing more comes
            throw new CloseConnectionException("Closed by the server");
        }
        if (headDeadline != NONE) {
            return; // a head in progress: its deadline runs already
        }
        if (readingRequestLine()) {
            if (buffered == 0) {
                idleSince = System.nanoTime();
                idleState.set(IDLE);
                room.idleStarted(this);
            } else {
                headDeadline = System.nanoTime() + headTimeoutNanos; // a later request has begun
            }
        } else {
            waitingSince = System.nanoTime();
            bodyDeadline = waitingSince + bodyTimeoutNanos;
            idleState.set(WAITING_FOR_BODY);
            if (!room.bodyWaitStarted(this)) {
                bodyDeadline = NONE; // closed already: no deadline to miss
                throw new CloseConnectionException("Closed: waiting for a request body would pass the limit");
            }
        }
    }

    /** The wait has ended (data came, or the read failed). */
    void readEnded() {
        bodyDeadline = NONE;
        int state = idleState.get();
        if (state != BUSY) {
            room.waitEnded(this);
            if (state == EVICTED || !idleState.compareAndSet(state, BUSY)) {
                // evicted while bytes were arriving: handle nothing more (the client may send its request again)
                throw new CloseConnectionException("Closed to make room");
            }
            if (state == IDLE && headDeadline == NONE) {
                headDeadline = System.nanoTime() + headTimeoutNanos; // the next request's first bytes
            }
        }
    }

    /** Bytes came from the client: while the first head is unfinished, they count against the heads' share. */
    void received(int bytes) {
        if (anyHeadRead) {
            return;
        }
        long held = (long) bytes * ConnectionSettings.HEAD_BYTES_PER_BYTE_RECEIVED;
        synchronized (this) {
            if (headBytes < 0) {
                return;
            }
            headBytes += held;
        }
        if (!room.headBytes(this, held)) {
            throw new CloseConnectionException("Closed: the request heads of half-open connections hold too much");
        }
    }

    /** @return what this connection's head was counted to hold, once (later calls return 0) */
    synchronized long releaseHeadBytes() {
        long held = Math.max(headBytes, 0);
        headBytes = -1;
        return held;
    }

    /** Closes the connection if it is idle between requests: to make room for a new one. */
    boolean evictIfIdle() {
        return evictIf(IDLE);
    }

    /** Closes the connection if it is waiting for bytes of a request body: to make room for a new one. */
    boolean evictIfWaitingForBody() {
        return evictIf(WAITING_FOR_BODY);
    }

    private boolean evictIf(int state) {
        if (idleState.compareAndSet(state, EVICTED)) {
            closeSocket();
            return true;
        }
        return false;
    }

    /**
     * Whether the parser has yet to accept the current request's line: a failure now is a malformed request line
     * (after it, a failure while reading headers is, in practice, the client going away mid-head). Helidon marks
     * exactly this span as interruptible.
     */
    boolean readingRequestLine() {
        return http1 instanceof InterruptableTask<?> task && task.canInterrupt();
    }

    /** Whether no request head has arrived in full yet: the connection has not been served at all. */
    boolean awaitingFirstHead() {
        return !anyHeadRead && !closedByUs;
    }

    /** Whether a request head is being read (so a failure now is the client's malformed request). */
    boolean readingHead() {
        return headDeadline != NONE || readingRequestLine();
    }

    void writeStarted() {
        writeDeadline = System.nanoTime() + writeTimeoutNanos;
    }

    void writeEnded() {
        writeDeadline = NONE;
    }

    /** Which deadline has passed at {@code now} ({@link System#nanoTime()}), if any. */
    Optional<ConnectionMetrics.Reason> missedDeadline(long now) {
        if (passed(headDeadline, now)) {
            return Optional.of(ConnectionMetrics.Reason.HEAD_TIMEOUT);
        }
        if (passed(bodyDeadline, now)) {
            return Optional.of(ConnectionMetrics.Reason.BODY_TIMEOUT);
        }
        if (passed(writeDeadline, now)) {
            return Optional.of(ConnectionMetrics.Reason.WRITE_TIMEOUT);
        }
        return Optional.empty();
    }

    private static boolean passed(long deadline, long now) {
        return deadline != NONE && now - deadline >= 0;
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
