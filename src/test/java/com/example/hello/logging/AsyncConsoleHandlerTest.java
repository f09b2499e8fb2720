package com.example.hello.logging;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/** Logging never waits for the console: a stuck console fills the queue, and further records are dropped and counted. */
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
}
