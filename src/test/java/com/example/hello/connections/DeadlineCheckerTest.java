package com.example.hello.connections;

import java.time.Duration;

import io.helidon.common.concurrency.limits.Limit;

import org.junit.jupiter.api.Test;

import static com.example.hello.connections.ConnectionMetrics.Reason.HEAD_TIMEOUT;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * The deadline checker closes a connection being handled once its deadline has passed, and counts it; a connection
 * whose handling has ended is no longer its business. (Waits for the checker's round, the deadline only a guard.)
 */
class DeadlineCheckerTest {
    private static final Duration GUARD = Duration.ofSeconds(30);
    private static final ConnectionSettings PASSED_AT_ONCE = new ConnectionSettings(
            10, 1_000, Duration.ofNanos(1), Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ZERO);

    @Test
    void aConnectionPastItsDeadlineIsClosedAndCountedWhileHandledAndNotAfter() throws InterruptedException {
        FakeWire ended = new FakeWire();
        handle(ended, new FakeWire.Http1()); // past its deadline too, but its handling has ended
        long headTimeouts = FakeWire.closed(HEAD_TIMEOUT);
        FakeWire handled = new FakeWire();
        FakeWire.Http1 waitsForTheChecker = new FakeWire.Http1();
        waitsForTheChecker.script = ctx -> awaitClosed(handled);

        handle(handled, waitsForTheChecker);

        assertThat("closed by the checker", handled.socketClosed, is(true));
        assertThat(FakeWire.closed(HEAD_TIMEOUT) - headTimeouts, is(1L));
        assertThat("seen by the same round, and left alone", ended.socketClosed, is(false));
    }

    private static void handle(FakeWire wire, FakeWire.Http1 http1) throws InterruptedException {
        new GuardedConnection(wire.context, http1, PASSED_AT_ONCE, ConnectionErrorAnswers.HANDLERS, 1,
                              new ConnectionPhaseDeadlinesTest.RecordingRoom()).handle((Limit) null);
    }

    private static void awaitClosed(FakeWire wire) {
        long deadline = System.nanoTime() + GUARD.toNanos();
        while (!wire.socketClosed && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
