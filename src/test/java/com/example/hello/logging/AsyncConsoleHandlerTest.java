package com.example.hello.logging;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.logging.ErrorManager;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/**
 * Logging never waits for the console: a stuck console fills the queue, and further records are dropped and counted.
 * Nothing is lost silently: not after a record that cannot be formatted, not after close.
 */
class AsyncConsoleHandlerTest {
    private static final int CAPACITY = 10;
    private static final int RECORDS = 1_000;

    @Test
    void aStuckConsoleCostsDroppedRecordsNeverAWait() throws InterruptedException {
        CountDownLatch consoleStuck = new CountDownLatch(1);
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        OutputStream slowConsole = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                try {
                    consoleStuck.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                written.write(bytes, offset, length);
            }
        };
        AsyncConsoleHandler handler = new AsyncConsoleHandler(CAPACITY,
                                                              new PrintStream(slowConsole, false, StandardCharsets.UTF_8));
        long droppedBefore = AsyncConsoleHandler.dropped();

        long start = System.nanoTime();
        for (int i = 0; i < RECORDS; i++) {
            LogRecord record = new LogRecord(Level.INFO, "record " + i);
            record.setLoggerName("test");
            handler.publish(record);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        long dropped = AsyncConsoleHandler.dropped() - droppedBefore;

        assertThat("time to log " + RECORDS + " records to a stuck console (ms)", millis, lessThan(1_000L));
        // kept: at most a full queue, plus the batch the writer took from it before the console stuck
        assertThat("records dropped", dropped, greaterThanOrEqualTo((long) RECORDS - 2 * CAPACITY - 1));

        consoleStuck.countDown();
        handler.flush();
        handler.close();
        long lines = written.toString(StandardCharsets.UTF_8).lines().count();
        assertThat("every record not dropped is written, one line each", lines + dropped, is((long) RECORDS));
    }

    @Test
    void aRecordWhoseFormattingThrowsAnErrorIsReportedAndLaterRecordsAreStillWritten() {
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        AsyncConsoleHandler handler = new AsyncConsoleHandler(CAPACITY,
                                                              new PrintStream(written, true, StandardCharsets.UTF_8));
        List<Integer> reported = new CopyOnWriteArrayList<>();
        handler.setErrorManager(new ErrorManager() {
            @Override
            public void error(String message, Exception e, int code) {
                reported.add(code);
            }
        });
        LogRecord unformattable = record("{0}");
        unformattable.setParameters(new Object[] {new Object() {
            @Override
            public String toString() {
                throw new Error("thrown while formatting");
            }
        }});

        handler.publish(unformattable);
        handler.publish(record("after the error"));
        handler.flush();

        List<String> lines = written.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat("lines written", lines.size(), is(1));
        assertThat(lines.getFirst(), endsWith(" INFO test: after the error"));
        assertThat("the failure reported", reported, is(List.of(ErrorManager.FORMAT_FAILURE)));
        handler.close();
    }

    @Test
    void aRecordPublishedAfterCloseIsWrittenNotLost() {
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        AsyncConsoleHandler handler = new AsyncConsoleHandler(CAPACITY,
                                                              new PrintStream(written, true, StandardCharsets.UTF_8));
        handler.publish(record("before close"));
        handler.close();
        long droppedBefore = AsyncConsoleHandler.dropped();

        handler.publish(record("after close"));

        List<String> lines = written.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat("lines written", lines.size(), is(2));
        assertThat(lines.get(0), endsWith(" INFO test: before close"));
        assertThat(lines.get(1), endsWith(" INFO test: after close"));
        assertThat("none dropped", AsyncConsoleHandler.dropped() - droppedBefore, is(0L));
    }

    private static LogRecord record(String message) {
        LogRecord record = new LogRecord(Level.INFO, message);
        record.setLoggerName("test");
        return record;
    }
}
