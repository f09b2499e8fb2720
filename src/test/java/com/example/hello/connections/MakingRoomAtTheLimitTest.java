package com.example.hello.connections;

import java.time.Duration;

import io.helidon.webserver.CloseConnectionException;

import org.junit.jupiter.api.Test;

import static com.example.hello.connections.ConnectionMetrics.Reason.EVICTED;
import static com.example.hello.connections.ConnectionMetrics.Reason.EVICTED_BODY;
import static com.example.hello.connections.ConnectionMetrics.Reason.EVICTED_IDLE;
import static com.example.hello.connections.ConnectionMetrics.Reason.OVER_LIMIT;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A listener at {@code connections.max}, or at the heads' share: which connection makes room for a new one (the
 * oldest half-open one old enough, then the longest idle, then the longest waiting for a body old enough), that each
 * is counted, and that a new connection is refused when none can; a connection waiting for a body counts at what it
 * holds, more than one.
 */
class MakingRoomAtTheLimitTest {
    /** Longer than any test takes. */
    private static final Duration NEVER_OLD_ENOUGH = Duration.ofMinutes(1);

    private final FakeWire.Http1 http1 = new FakeWire.Http1();

    @Test
    void underTheLimitEveryConnectionIsTakenAndCounted() {
        GuardedHttp1Selector selector = selector(2, Duration.ZERO);
        FakeWire first = new FakeWire();
        connect(selector, first);
        connect(selector, new FakeWire());
        assertThat(selector.open(), is(2));
        assertThat(first.socketClosed, is(false));
    }

    @Test
    void atTheLimitTheOldestHalfOpenConnectionMakesRoom() {
        GuardedHttp1Selector selector = selector(2, Duration.ZERO);
        FakeWire oldest = new FakeWire();
        FakeWire newer = new FakeWire();
        connect(selector, oldest);
        connect(selector, newer);
        long evicted = FakeWire.closed(EVICTED);

        connect(selector, new FakeWire());

        assertThat(oldest.socketClosed, is(true));
        assertThat(newer.socketClosed, is(false));
        assertThat(FakeWire.closed(EVICTED) - evicted, is(1L));
        assertThat("the evicted one counts until its thread ends", selector.open(), is(3));
    }

    @Test
    void aHalfOpenConnectionYoungerThanTheMinimumAgeStaysAndTheNewOneIsRefused() {
        GuardedHttp1Selector selector = selector(1, NEVER_OLD_ENOUGH);
        FakeWire young = new FakeWire();
        connect(selector, young);
        long overLimit = FakeWire.closed(OVER_LIMIT);

        assertThat(assertThrows(CloseConnectionException.class, () -> selector.connection(new FakeWire().context))
                           .getMessage(), is("Over the connection limit"));

        assertThat(young.socketClosed, is(false));
        assertThat(FakeWire.closed(OVER_LIMIT) - overLimit, is(1L));
        assertThat(selector.open(), is(1));
    }

    @Test
    void aConnectionServedMeanwhileIsNoLongerHalfOpenAndAnIdleOneMakesRoom() {
        GuardedHttp1Selector selector = selector(1, Duration.ZERO);
        FakeWire idle = new FakeWire();
        GuardedConnection connection = connect(selector, idle);
        connection.headRead();
        http1.made.getLast().readingRequestLine = true;
        connection.readWaiting(0);
        long evictedIdle = FakeWire.closed(EVICTED_IDLE);

        connect(selector, new FakeWire());

        assertThat(idle.socketClosed, is(true));
        assertThat(FakeWire.closed(EVICTED_IDLE) - evictedIdle, is(1L));
    }

    @Test
    void theHalfOpenConnectionGoesBeforeTheIdleOne() {
        GuardedHttp1Selector selector = selector(2, Duration.ZERO);
        FakeWire idle = new FakeWire();
        GuardedConnection served = connect(selector, idle);
        served.headRead();
        http1.made.getLast().readingRequestLine = true;
        served.readWaiting(0);
        FakeWire halfOpen = new FakeWire();
        connect(selector, halfOpen);

        connect(selector, new FakeWire());

        assertThat(halfOpen.socketClosed, is(true));
        assertThat(idle.socketClosed, is(false));
    }

    @Test
    void theLongestIdleGoesFirstAndOneThatWokeUpIsPassedOver() {
        GuardedHttp1Selector selector = selector(3, NEVER_OLD_ENOUGH);
        FakeWire woke = new FakeWire();
        FakeWire longest = new FakeWire();
        FakeWire shorter = new FakeWire();
        GuardedConnection wokeUp = idle(selector, woke);
        GuardedConnection longestIdle = idle(selector, longest);
        idle(selector, shorter);
        wokeUp.evictIfIdle(); // evicted meanwhile (as by another listener thread), still in the idle list

        connect(selector, new FakeWire());

        assertThat(longest.socketClosed, is(true));
        assertThat(longestIdle.closedByUs(), is(true));
        assertThat(shorter.socketClosed, is(false));
    }

    @Test
    void aConnectionLongWaitingForABodyMakesRoomWhenNoneIsIdle() {
        GuardedHttp1Selector selector = selector(1, Duration.ZERO);
        FakeWire waiting = new FakeWire();
        GuardedConnection connection = connect(selector, waiting);
        connection.headRead();
        connection.readWaiting(0);
        long evictedBody = FakeWire.closed(EVICTED_BODY);

        connect(selector, new FakeWire());

        assertThat(waiting.socketClosed, is(true));
        assertThat(FakeWire.closed(EVICTED_BODY) - evictedBody, is(1L));
    }

    @Test
    void aConnectionWaitingForABodyForLessThanTheMinimumAgeStays() {
        GuardedHttp1Selector selector = selector(1, NEVER_OLD_ENOUGH);
        FakeWire waiting = new FakeWire();
        GuardedConnection connection = connect(selector, waiting);
        connection.headRead();
        connection.readWaiting(0);

        assertThrows(CloseConnectionException.class, () -> selector.connection(new FakeWire().context));
        assertThat(waiting.socketClosed, is(false));
    }

    @Test
    void aWaitThatEndedIsNoLongerEvictable() {
        GuardedHttp1Selector selector = selector(1, Duration.ZERO);
        FakeWire waiting = new FakeWire();
        GuardedConnection connection = connect(selector, waiting);
        connection.headRead();
        connection.readWaiting(0);
        connection.readEnded();

        assertThrows(CloseConnectionException.class, () -> selector.connection(new FakeWire().context));
        assertThat(waiting.socketClosed, is(false));
    }

    @Test
    void connectionsWaitingForABodyCountAtWhatTheyHold() {
        GuardedHttp1Selector selector = selector(10, NEVER_OLD_ENOUGH);
        for (int i = 0; i < 6; i++) {
            waitingForBody(selector, new FakeWire()); // each holds 1.6 idle connections' heap: 6 count as 9
        }
        assertThat(selector.bodyWaits(), is(6));
        connect(selector, new FakeWire()); // 7 open, counted as 10
        long overLimit = FakeWire.closed(OVER_LIMIT);

        assertThrows(CloseConnectionException.class, () -> selector.connection(new FakeWire().context));

        assertThat("8 of 10 open, counted as 11", FakeWire.closed(OVER_LIMIT) - overLimit, is(1L));
        assertThat(selector.open(), is(7));
    }

    @Test
    void aBodyWaitBeyondTheLimitMakesRoomByTheLongestWaitingForABody() {
        GuardedHttp1Selector selector = selector(10, Duration.ZERO);
        FakeWire longest = new FakeWire();
        waitingForBody(selector, longest);
        waitingForBody(selector, new FakeWire());
        waitingForBody(selector, new FakeWire()); // 3 waits count as 3 + 1 (1.8 rounded down)
        GuardedConnection[] busy = new GuardedConnection[6];
        for (int i = 0; i < busy.length; i++) {
            busy[i] = connect(selector, new FakeWire());
            busy[i].headRead(); // served: neither half-open, idle nor waiting (9 open, counted as 10)
        }
        long evictedBody = FakeWire.closed(EVICTED_BODY);

        busy[0].readWaiting(0); // a fourth wait: 9 + 2 (2.4) = 11

        assertThat(longest.socketClosed, is(true));
        assertThat(FakeWire.closed(EVICTED_BODY) - evictedBody, is(1L));
        assertThat(selector.bodyWaits(), is(3));
    }

    @Test
    void aBodyWaitBeyondTheLimitWithNoneToMakeRoomClosesItsOwnConnection() {
        GuardedHttp1Selector selector = selector(10, NEVER_OLD_ENOUGH);
        for (int i = 0; i < 3; i++) {
            waitingForBody(selector, new FakeWire());
        }
        FakeWire own = new FakeWire();
        GuardedConnection connection = connect(selector, own);
        connection.headRead();
        for (int i = 0; i < 5; i++) {
            connect(selector, new FakeWire()).headRead(); // 9 open, counted as 10; its wait would make 11
        }
        long evictedBody = FakeWire.closed(EVICTED_BODY);

        assertThat(assertThrows(CloseConnectionException.class, () -> connection.readWaiting(0)).getMessage(),
                   is("Closed: waiting for a request body would pass the limit"));

        assertThat(own.socketClosed, is(true));
        assertThat(FakeWire.closed(EVICTED_BODY) - evictedBody, is(1L));
        assertThat("its wait no longer counts", selector.bodyWaits(), is(3));
        assertThat("no deadline left to miss", connection.missedDeadline(Long.MAX_VALUE).isEmpty(), is(true));
    }

    @Test
    void beyondAQuarterOverTheLimitNothingIsEvictedAnyMore() {
        GuardedHttp1Selector selector = selector(4, Duration.ZERO); // hard limit 5
        for (int i = 0; i < 4; i++) {
            connect(selector, new FakeWire());
        }
        connect(selector, new FakeWire()); // the fifth evicts the first, whose thread has not ended yet
        assertThat(selector.open(), is(5));
        long overLimit = FakeWire.closed(OVER_LIMIT);
        long evicted = FakeWire.closed(EVICTED);

        assertThrows(CloseConnectionException.class, () -> selector.connection(new FakeWire().context));

        assertThat(FakeWire.closed(OVER_LIMIT) - overLimit, is(1L));
        assertThat("none evicted for it", FakeWire.closed(EVICTED) - evicted, is(0L));
        assertThat(selector.open(), is(5));
    }

    @Test
    void aHalfOpenConnectionClosedByADeadlineMeanwhileIsNotEvictedAgain() {
        GuardedHttp1Selector selector = selector(1, Duration.ZERO);
        GuardedConnection timedOut = connect(selector, new FakeWire());
        timedOut.received(10);
        timedOut.closeSocket(); // its head deadline passed; its thread has not ended yet
        long evicted = FakeWire.closed(EVICTED);

        assertThrows(CloseConnectionException.class, () -> selector.connection(new FakeWire().context));

        assertThat(FakeWire.closed(EVICTED) - evicted, is(0L));
        assertThat("no longer half-open: its head no longer counts", selector.halfOpenBytes(), is(0L));
    }

    @Test
    void theHardLimitOfASmallListenerIsOneOver() {
        GuardedHttp1Selector selector = selector(1, Duration.ZERO); // hard limit 2
        connect(selector, new FakeWire());
        connect(selector, new FakeWire()); // evicts the first
        assertThrows(CloseConnectionException.class, () -> selector.connection(new FakeWire().context));
        assertThat(selector.open(), is(2));
    }

    @Test
    void anEndedConnectionGivesItsPlaceAndItsHeadBytesBack() throws InterruptedException {
        GuardedHttp1Selector selector = selector(1, NEVER_OLD_ENOUGH);
        GuardedConnection connection = connect(selector, new FakeWire());
        connection.received(10);
        assertThat(selector.halfOpenBytes(), is(30L));

        connection.handle((io.helidon.common.concurrency.limits.Limit) null);

        assertThat(selector.open(), is(0));
        assertThat(selector.halfOpenBytes(), is(0L));
        connect(selector, new FakeWire());
    }

    @Test
    void aCompleteFirstHeadGivesItsHeadBytesBack() {
        GuardedHttp1Selector selector = selector(1, NEVER_OLD_ENOUGH);
        GuardedConnection connection = connect(selector, new FakeWire());
        connection.received(10);
        connection.headRead();
        assertThat(selector.halfOpenBytes(), is(0L));
    }

    @Test
    void headsBeyondTheirShareEvictTheOldestHalfOpenConnection() {
        GuardedHttp1Selector selector = selector(10, 300, Duration.ZERO);
        FakeWire oldest = new FakeWire();
        GuardedConnection first = connect(selector, oldest);
        FakeWire growing = new FakeWire();
        GuardedConnection second = connect(selector, growing);
        first.received(60);
        second.received(40); // 300: the share exactly
        assertThat(oldest.socketClosed, is(false));
        long evicted = FakeWire.closed(EVICTED);

        second.received(1);

        assertThat(oldest.socketClosed, is(true));
        assertThat(growing.socketClosed, is(false));
        assertThat(selector.halfOpenBytes(), is(123L));
        assertThat(FakeWire.closed(EVICTED) - evicted, is(1L));
    }

    @Test
    void aHeadBeyondTheShareWithNoOlderOneToDropClosesItsOwnConnection() {
        GuardedHttp1Selector selector = selector(10, 300, NEVER_OLD_ENOUGH);
        FakeWire growing = new FakeWire();
        GuardedConnection connection = connect(selector, growing);
        long evicted = FakeWire.closed(EVICTED);

        assertThrows(CloseConnectionException.class, () -> connection.received(101));

        assertThat(growing.socketClosed, is(true));
        assertThat(FakeWire.closed(EVICTED) - evicted, is(1L));
        assertThat("its bytes no longer count", selector.halfOpenBytes(), is(0L));
    }

    @Test
    void theSelectorIsHelidonsForEverythingButTheConnection() {
        GuardedHttp1Selector selector = selector(1, Duration.ZERO);
        assertThat(selector.bytesToIdentifyConnection(), is(7));
        assertThat(selector.supports(null), is(io.helidon.webserver.spi.ServerConnectionSelector.Support.UNSUPPORTED));
        assertThat(selector.supportedApplicationProtocols(), is(java.util.Set.of("http/1.1")));
    }

    private static GuardedConnection waitingForBody(GuardedHttp1Selector selector, FakeWire wire) {
        GuardedConnection connection = connect(selector, wire);
        connection.headRead();
        connection.readWaiting(0);
        return connection;
    }

    private GuardedConnection idle(GuardedHttp1Selector selector, FakeWire wire) {
        GuardedConnection connection = connect(selector, wire);
        connection.headRead();
        http1.made.getLast().readingRequestLine = true;
        connection.readWaiting(0);
        return connection;
    }

    private static GuardedConnection connect(GuardedHttp1Selector selector, FakeWire wire) {
        return (GuardedConnection) selector.connection(wire.context);
    }

    private GuardedHttp1Selector selector(int max, Duration minAge) {
        return selector(max, 1_000_000, minAge);
    }

    private GuardedHttp1Selector selector(int max, long halfOpenBytes, Duration minAge) {
        return new GuardedHttp1Selector(http1, FakeWire.settings(max, halfOpenBytes, minAge));
    }
}
