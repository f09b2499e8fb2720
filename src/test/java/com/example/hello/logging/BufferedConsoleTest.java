package com.example.hello.logging;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** Each batch is flushed through a buffered console (standard error is one) without anybody calling flush(). */
class BufferedConsoleTest {
    private static final Duration GUARD = Duration.ofSeconds(30);

    @Test
    void aBatchReachesABufferedConsoleWithoutAFlushCall() throws InterruptedException {
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        AsyncConsoleHandler handler = new AsyncConsoleHandler(10, new PrintStream(
                new BufferedOutputStream(written, 8192), false, StandardCharsets.UTF_8));
        try {
            handler.publish(record("hello"));

            long deadline = System.nanoTime() + GUARD.toNanos();
            while (written.size() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5); // polling for the line, the deadline only a guard
            }
            assertThat(written.toString(StandardCharsets.UTF_8).endsWith(" INFO test: hello\n"), is(true));
        } finally {
            handler.close();
        }
    }

    private static LogRecord record(String message) {
        LogRecord record = new LogRecord(Level.INFO, message);
        record.setLoggerName("test");
        return record;
    }
}
