package com.example.hello.logging;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * A handler closed by an interrupted thread (a shutdown hook cut short) writes what is still queued behind the
 * writer's batch, in order, and leaves the thread interrupted.
 */
class ClosingWhileInterruptedTest {

    @Test
    void whatIsQueuedIsWrittenInOrderAndTheThreadStaysInterrupted() throws InterruptedException {
        StuckConsole console = new StuckConsole();
        AsyncConsoleHandler handler = new AsyncConsoleHandler(10, console.printStream());
        handler.publish(record("one"));
        console.awaitStuck(); // the writer holds "one"
        handler.publish(record("two")); // queued behind it
        console.holdUntilWaiting(Thread.currentThread()); // the writer outlives the join

        Thread.currentThread().interrupt();
        handler.close();
        boolean interrupted = Thread.interrupted();

        assertThat("still interrupted", interrupted, is(true));
        // written by the time close returns: the queued record after the writer's, which held the console
        assertThat(console.lines().stream().map(line -> line.substring(line.indexOf(" INFO "))).toList(),
                   is(List.of(" INFO test: one", " INFO test: two")));
    }

    private static LogRecord record(String message) {
        LogRecord record = new LogRecord(Level.INFO, message);
        record.setLoggerName("test");
        return record;
    }
}
