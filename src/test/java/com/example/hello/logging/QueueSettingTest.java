package com.example.hello.logging;

import java.io.PrintStream;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

/**
 * {@code com.example.hello.logging.AsyncConsoleHandler.queue} in logging.properties bounds the records waiting for a
 * stuck standard error; a value that is not a number leaves the default.
 */
class QueueSettingTest {
    private static final String QUEUE = AsyncConsoleHandler.class.getName() + ".queue";
    private static final int RECORDS = 10;

    private final PrintStream standardError = System.err;

    @AfterEach
    void restore() throws java.io.IOException {
        System.setErr(standardError);
        setQueue(null);
    }

    @Test
    void theConfiguredQueueBoundsTheRecordsKept() throws Exception {
        int capacity = 2;
        long dropped = droppedWithQueue(Integer.toString(capacity));
        // kept: the queue, and what the writer took from it before it stuck
        assertThat(dropped, greaterThanOrEqualTo((long) RECORDS - 2 * capacity));
    }

    @Test
    void aQueueThatIsNotANumberLeavesTheDefault() throws Exception {
        assertThat(droppedWithQueue("many"), is(0L));
    }

    private static long droppedWithQueue(String queue) throws Exception {
        setQueue(queue);
        StuckConsole console = new StuckConsole();
        System.setErr(console.printStream());
        AsyncConsoleHandler handler = new AsyncConsoleHandler();
        try {
            long before = AsyncConsoleHandler.dropped();
            handler.publish(record());
            console.awaitStuck();
            for (int i = 1; i < RECORDS; i++) {
                handler.publish(record());
            }
            return AsyncConsoleHandler.dropped() - before;
        } finally {
            console.release();
            handler.close();
        }
    }

    /** Sets (or with {@code null} removes) the one property, every other one kept as it is. */
    private static void setQueue(String value) throws java.io.IOException {
        String properties = value == null ? "" : QUEUE + "=" + value;
        LogManager.getLogManager().updateConfiguration(
                new java.io.ByteArrayInputStream(properties.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)),
                key -> key.equals(QUEUE) ? (before, read) -> value : (before, read) -> before);
    }

    private static LogRecord record() {
        LogRecord record = new LogRecord(Level.INFO, "record");
        record.setLoggerName("test");
        return record;
    }
}
