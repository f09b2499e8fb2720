package com.example.hello.connections;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.DirectHandlers;

import org.junit.jupiter.api.Test;

import static com.example.hello.connections.ConnectionMetrics.Reason.BODY_TIMEOUT;
import static com.example.hello.connections.ConnectionMetrics.Reason.HEAD_TIMEOUT;
import static com.example.hello.connections.ConnectionMetrics.Reason.WRITE_TIMEOUT;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Which deadline a connection has in each phase (head 10 s, body 20 s, write 30 s here), counted from when, and
 * what it tells the listener's bookkeeping; checked at exact instants, so nothing waits.
 */
class ConnectionPhaseDeadlinesTest {
    private static final long HEAD = Duration.ofSeconds(10).toNanos();
    private static final long BODY = Duration.ofSeconds(20).toNanos();
    private static final long WRITE = Duration.ofSeconds(30).toNanos();
    private static final long FAR = Duration.ofDays(1).toNanos();

    private final FakeWire wire = new FakeWire();
    private final FakeWire.Http1 http1 = new FakeWire.Http1();
    private final RecordingRoom room = new RecordingRoom();
    private final GuardedConnection connection = new GuardedConnection(
            wire.context, http1, FakeWire.settings(10, 1_000, Duration.ZERO), DirectHandlers.builder().build(), 7,
            room);

    @Test
    void theFirstHeadIsDueTheHeadTimeoutAfterTheOpening() {
        long opened = connection.openedAt();
        assertThat(connection.missedDeadline(opened + HEAD - 1), is(Optional.empty()));
        assertThat(connection.missedDeadline(opened + HEAD), is(Optional.of(HEAD_TIMEOUT)));
        assertThat("half-open", connection.awaitingFirstHead(), is(true));
        assertThat(connection.readingHead(), is(true));
        assertThat(connection.id(), is(7L));
    }

    @Test
    void aRequestLineDoesNotRestartTheFirstHeadsDeadline() {
        long opened = connection.openedAt();
        connection.requestLineRead();
        assertThat(connection.missedDeadline(opened + HEAD), is(Optional.of(HEAD_TIMEOUT)));
    }

    @Test
    void aCompleteHeadHasNoDeadlineAndTellsTheRoomOnce() {
        connection.headRead();
        connection.headRead();
        assertThat(connection.missedDeadline(connection.openedAt() + FAR), is(Optional.empty()));
        assertThat(room.events, is(List.of("firstHeadRead")));
        assertThat("no longer half-open", connection.awaitingFirstHead(), is(false));
        assertThat(connection.readingHead(), is(false));
    }

    @Test
    void aPipelinedRequestLineStartsItsHeadsDeadline() {
        connection.headRead();
        long before = System.nanoTime();
        connection.requestLineRead();
        long after = System.nanoTime();
        assertThat(connection.missedDeadline(before + HEAD - 1), is(Optional.empty()));
        assertThat(connection.missedDeadline(after + HEAD), is(Optional.of(HEAD_TIMEOUT)));
    }

    @Test
    void waitingWithNothingBufferedForARequestLineIsIdleWithoutDeadline() {
        connection.headRead();
        http1.made.getFirst().readingRequestLine = true;
        long before = System.nanoTime();
        connection.readWaiting(0);
        assertThat(connection.missedDeadline(connection.openedAt() + FAR), is(Optional.empty()));
        assertThat(room.events, is(List.of("firstHeadRead", "idleStarted")));
        assertThat(connection.idleSince() >= before, is(true));
        assertThat("reading a head", connection.readingHead(), is(true));
    }

    @Test
    void waitingWithPartOfARequestLineBufferedIsAHeadWithItsDeadline() {
        connection.headRead();
        http1.made.getFirst().readingRequestLine = true;
        long before = System.nanoTime();
        connection.readWaiting(5);
        long after = System.nanoTime();
        assertThat(connection.missedDeadline(before + HEAD - 1), is(Optional.empty()));
        assertThat(connection.missedDeadline(after + HEAD), is(Optional.of(HEAD_TIMEOUT)));
        assertThat(room.events, is(List.of("firstHeadRead")));
    }

    @Test
    void waitingAfterTheHeadIsABodyWaitWithItsDeadline() {
        connection.headRead();
        connection.readWaiting(0);
        long since = connection.waitingSince();
        assertThat(connection.missedDeadline(since + BODY - 1), is(Optional.empty()));
        assertThat(connection.missedDeadline(since + BODY), is(Optional.of(BODY_TIMEOUT)));
        assertThat(room.events, is(List.of("firstHeadRead", "bodyWaitStarted")));
    }

    @Test
    void aWaitDuringAHeadChangesNothing() {
        connection.readWaiting(0);
        assertThat(room.events, is(List.of()));
        assertThat(connection.missedDeadline(connection.openedAt() + HEAD), is(Optional.of(HEAD_TIMEOUT)));
    }

    @Test
    void aConnectionTheServerClosedWaitsForNothingMore() {
        connection.headRead();
        connection.readWaiting(0);
        connection.evictIfWaitingForBody(); // closed to make room; Helidon's drain of the body reads on
        assertThrows(CloseConnectionException.class, () -> connection.readEnded());

        assertThrows(CloseConnectionException.class, () -> connection.readWaiting(0));

        assertThat("no second wait to evict or count", room.events,
                   is(List.of("firstHeadRead", "bodyWaitStarted", "waitEnded")));
        assertThat(connection.evictIfWaitingForBody(), is(false));
    }

    @Test
    void theEndOfABodyWaitEndsItsDeadline() {
        connection.headRead();
        connection.readWaiting(0);
        connection.readEnded();
        assertThat(connection.missedDeadline(connection.waitingSince() + FAR), is(Optional.empty()));
        assertThat(room.events, is(List.of("firstHeadRead", "bodyWaitStarted", "waitEnded")));
        assertThat("busy again: not evictable", connection.evictIfWaitingForBody(), is(false));
    }

    @Test
    void theEndOfAnIdleWaitStartsTheNextHeadsDeadline() {
        connection.headRead();
        http1.made.getFirst().readingRequestLine = true;
        connection.readWaiting(0);
        long before = System.nanoTime();
        connection.readEnded();
        long after = System.nanoTime();
        assertThat(connection.missedDeadline(before + HEAD - 1), is(Optional.empty()));
        assertThat(connection.missedDeadline(after + HEAD), is(Optional.of(HEAD_TIMEOUT)));
        assertThat(room.events, is(List.of("firstHeadRead", "idleStarted", "waitEnded")));
        assertThat("busy again: not evictable", connection.evictIfIdle(), is(false));
    }

    @Test
    void theEndOfAReadWhileBusyTellsNobody() {
        connection.readEnded();
        assertThat(room.events, is(List.of()));
        assertThat(connection.missedDeadline(connection.openedAt() + HEAD), is(Optional.of(HEAD_TIMEOUT)));
    }

    @Test
    void anIdleConnectionCanBeEvictedOnceAndThenHandlesNothingMore() {
        connection.headRead();
        http1.made.getFirst().readingRequestLine = true;
        connection.readWaiting(0);

        assertThat("a body wait it is not", connection.evictIfWaitingForBody(), is(false));
        assertThat(wire.socketClosed, is(false));
        assertThat(connection.evictIfIdle(), is(true));
        assertThat(wire.socketClosed, is(true));
        assertThat(connection.closedByUs(), is(true));
        assertThat(connection.evictIfIdle(), is(false));
        assertThat(assertThrows(CloseConnectionException.class, connection::readEnded).getMessage(),
                   is("Closed to make room"));
    }

    @Test
    void aConnectionWaitingForABodyCanBeEvicted() {
        connection.headRead();
        connection.readWaiting(0);
        assertThat("idle it is not", connection.evictIfIdle(), is(false));
        assertThat(connection.evictIfWaitingForBody(), is(true));
        assertThat(wire.socketClosed, is(true));
        assertThrows(CloseConnectionException.class, connection::readEnded);
    }

    @Test
    void aBlockedWriteIsDueTheWriteTimeoutAfterItStarted() {
        connection.headRead();
        long before = System.nanoTime();
        connection.writeStarted();
        long after = System.nanoTime();
        assertThat(connection.missedDeadline(before + WRITE - 1), is(Optional.empty()));
        assertThat(connection.missedDeadline(after + WRITE), is(Optional.of(WRITE_TIMEOUT)));
        connection.writeEnded();
        assertThat(connection.missedDeadline(after + FAR), is(Optional.empty()));
    }

    @Test
    void theHeadDeadlineIsNamedBeforeTheBodysAndTheBodysBeforeTheWrites() {
        connection.headRead();
        connection.readWaiting(0); // a body wait
        connection.writeStarted();
        connection.requestLineRead(); // and a head
        assertThat(connection.missedDeadline(System.nanoTime() + FAR), is(Optional.of(HEAD_TIMEOUT)));
        connection.headRead();
        assertThat(connection.missedDeadline(System.nanoTime() + FAR), is(Optional.of(BODY_TIMEOUT)));
        connection.readEnded();
        assertThat(connection.missedDeadline(System.nanoTime() + FAR), is(Optional.of(WRITE_TIMEOUT)));
    }

    @Test
    void bytesOfTheFirstHeadCountThreeTimesAgainstTheHeadsShare() {
        connection.received(10);
        connection.received(5);
        assertThat(room.events, is(List.of("headBytes 30", "headBytes 15")));
        assertThat(connection.releaseHeadBytes(), is(45L));
        assertThat("released once", connection.releaseHeadBytes(), is(0L));
        connection.received(10);
        assertThat("no longer counted once released", room.events.size(), is(2));
    }

    @Test
    void bytesAfterTheFirstHeadDoNotCount() {
        connection.headRead();
        connection.received(10);
        assertThat(room.events, is(List.of("firstHeadRead")));
    }

    @Test
    void aHeadBeyondTheShareClosesItsConnection() {
        room.headBytesAllowed = false;
        assertThat(assertThrows(CloseConnectionException.class, () -> connection.received(10)).getMessage(),
                   is("Closed: the request heads of half-open connections hold too much"));
    }

    @Test
    void aConnectionClosedByUsIsNoLongerAwaitingItsFirstHead() {
        connection.closeSocket();
        assertThat(connection.awaitingFirstHead(), is(false));
        assertThat(wire.socketClosed, is(true));
    }

    @Test
    void handlingRunsHelidonsConnectionAsTheThreadsCurrentOneAndEndsInTheRoom() throws InterruptedException {
        AtomicReference<Optional<GuardedConnection>> during = new AtomicReference<>();
        FakeWire.Http1 scripted = new FakeWire.Http1();
        scripted.script = ctx -> during.set(GuardedConnection.current());
        GuardedConnection handled = new GuardedConnection(wire.context, scripted, FakeWire.settings(
                10, 1_000, Duration.ZERO), DirectHandlers.builder().build(), 8, room);

        handled.handle((io.helidon.common.concurrency.limits.Limit) null);

        assertThat(during.get(), is(Optional.of(handled)));
        assertThat(GuardedConnection.current(), is(Optional.empty()));
        assertThat(room.events, is(List.of("ended")));
    }

    @Test
    void idleTimeAndCloseAreHelidonsConnections() {
        assertThat(connection.idleTime(), is(Duration.ofSeconds(42)));
        connection.close(true);
        assertThat(http1.made.getFirst().closedWithInterrupt, is(true));
    }

    /** The listener's bookkeeping, as a list of what it was told. */
    static final class RecordingRoom implements GuardedConnection.Room {
        final List<String> events = new ArrayList<>();
        boolean headBytesAllowed = true;

        @Override
        public boolean headBytes(GuardedConnection connection, long bytes) {
            events.add("headBytes " + bytes);
            return headBytesAllowed;
        }

        @Override
        public void firstHeadRead(GuardedConnection connection) {
            events.add("firstHeadRead");
        }

        @Override
        public void idleStarted(GuardedConnection connection) {
            events.add("idleStarted");
        }

        @Override
        public boolean bodyWaitStarted(GuardedConnection connection) {
            events.add("bodyWaitStarted");
            return true;
        }

        @Override
        public void waitEnded(GuardedConnection connection) {
            events.add("waitEnded");
        }

        @Override
        public void ended(GuardedConnection connection) {
            events.add("ended");
        }
    }
}
