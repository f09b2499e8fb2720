package com.example.hello.logging;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** Batch after batch, each record is written once: a batch written is not written again with the next. */
class EachRecordWrittenOnceTest {
    private static final long GUARD_NANOS = 30_000_000_000L;

    @Test
    void aSecondBatchCarriesOnlyTheRecordsAfterTheFirst() throws InterruptedException {
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        AsyncConsoleHandler handler = new AsyncConsoleHandler(10, new PrintStream(written, true,
                                                                                  StandardCharsets.UTF_8));
        handler.publish(record("one"));
        awaitLines(written, 1); // the first batch is written
        handler.publish(record("two"));
        awaitLines(written, 2);
        handler.close();

        assertThat(written.toString(StandardCharsets.UTF_8).lines()
                           .map(line -> line.substring(line.indexOf(" INFO "))).toList(),
                   is(List.of(" INFO test: one", " INFO test: two")));
    }

    private static void awaitLines(ByteArrayOutputStream written, int count) throws InterruptedException {
        long deadline = System.nanoTime() + GUARD_NANOS;
        while (written.toString(StandardCharsets.UTF_8).lines().count() < count && System.nanoTime() < deadline) {
            Thread.sleep(5); // polling for the writer, the deadline only a guard
        }
    }

    private static LogRecord record(String message) {
        LogRecord record = new LogRecord(Level.INFO, message);
        record.setLoggerName("test");
        return record;
    }
}
