package com.example.hello.logging;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * With nothing queued, the log writer rests (parked for its idle wait) instead of spinning on the queue: an idle
 * server's logging costs no core. The writer parks for 10 ms at a time; the test watches its state, up to a guard.
 */
class IdleWriterRestsTest {
    private static final long GUARD_NANOS = 5_000_000_000L;

    @Test
    void anIdleWriterRests() throws Exception {
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        AsyncConsoleHandler handler = new AsyncConsoleHandler(10, new PrintStream(written, true,
                                                                                  StandardCharsets.UTF_8));
        try {
            LogRecord record = new LogRecord(Level.INFO, "caught up");
            record.setLoggerName("test");
            handler.publish(record);
            Thread writer = writerOf(handler);

            boolean rested = false;
            long deadline = System.nanoTime() + GUARD_NANOS;
            while (!rested && System.nanoTime() < deadline) {
                rested = written.size() > 0 && writer.getState() == Thread.State.TIMED_WAITING;
                Thread.onSpinWait();
            }

            assertThat("the writer, caught up, rests", rested, is(true));
        } finally {
            handler.close();
        }
    }

    /** The handler's writer thread (no accessor: nothing but this test needs it). */
    private static Thread writerOf(AsyncConsoleHandler handler) throws ReflectiveOperationException {
        Field writer = AsyncConsoleHandler.class.getDeclaredField("writer");
        writer.setAccessible(true);
        return (Thread) writer.get(handler);
    }
}
