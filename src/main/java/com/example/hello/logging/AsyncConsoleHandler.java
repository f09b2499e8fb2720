package com.example.hello.logging;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;

import com.example.hello.config.MemoryBudget;

/**
 * Writes log records to standard error from a background thread, one line each ({@link OneLineFormatter}), so that
 * the thread that logs (a request's, for the access log) never waits for the console: it only offers the record to
 * a bounded queue, which wakes nobody. When the queue is full the record is dropped and counted ({@link #dropped()},
 * the {@code log.dropped} metric), never waited for. Every 10 ms at most, the writer writes whatever has queued up in
 * one write and one flush, rather than one per record as {@link java.util.logging.ConsoleHandler} does under its lock.
 * <p>
 * Configured in {@code logging.properties}: {@code com.example.hello.logging.AsyncConsoleHandler.queue} (records;
 * by default what {@link MemoryBudget} gives the log queue, 7,920 with a 126.7 MiB heap) and {@code .level}.
 * <p>
 * Nothing is lost silently: a record that cannot be formatted (whatever it throws, an {@link Error} included) is
 * reported to the {@link ErrorManager} and the writer goes on with the next; at {@link #close()} the writer stops and
 * whatever is still queued is written by the closing thread; a record published after that is written at once by the
 * thread that logs it (at shutdown nothing else is writing).
 */
public final class AsyncConsoleHandler extends Handler {
    /** Sized with the rest of the heap's shares ({@link MemoryBudget}). */
    private static final int DEFAULT_QUEUE = MemoryBudget.ofThisJvm().logQueueRecords();
    private static final int BATCH = 512;
    private static final long FLUSH_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** How long the writer rests when nothing is queued: lines reach the console at most this late. */
    private static final long IDLE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final AtomicLong DROPPED = new AtomicLong();

    private final BlockingQueue<LogRecord> queue;
    private final PrintStream out;
    private final Thread writer;
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private volatile boolean closed;

    /** A handler as configured in the logging properties, writing to standard error. */
    public AsyncConsoleHandler() {
        this(configuredQueue(), System.err);
    }

    /**
     * @param capacity the most records waiting to be written
     * @param out      where lines go
     */
    AsyncConsoleHandler(int capacity, PrintStream out) {
        this.out = out;
        queue = new ArrayBlockingQueue<>(capacity);
        setFormatter(new OneLineFormatter());
        String level = LogManager.getLogManager().getProperty(AsyncConsoleHandler.class.getName() + ".level");
        if (level != null) {
            setLevel(java.util.logging.Level.parse(level.trim()));
        }
        writer = Thread.ofPlatform().daemon().name("log-writer").start(this::writeLoop);
    }

    /** @return log records dropped because the queue was full, since the JVM started */
    public static long dropped() {
        return DROPPED.get();
    }

    @Override
    public void publish(LogRecord record) {
        if (!isLoggable(record)) {
            return;
        }
        if (closed) {
            writeNow(List.of(record));
            return;
        }
        if (queue.offer(record)) {
            queued.incrementAndGet();
            if (closed) {
                writeRemaining(); // close() may have drained the queue before this record was offered
            }
        } else {
            DROPPED.incrementAndGet();
        }
    }

    /** Waits (up to two seconds) until the records queued so far are written: at shutdown, nothing is lost. */
    @Override
    public void flush() {
        long target = queued.get();
        long deadline = System.nanoTime() + FLUSH_WAIT_NANOS;
        while (written.get() < target && writer.isAlive() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        out.flush();
    }

    /** Stops the writer (waiting up to two seconds for its last batch), then writes what is still queued. */
    @Override
    public void close() {
        flush();
        closed = true;
        writer.interrupt();
        try {
            writer.join(TimeUnit.NANOSECONDS.toMillis(FLUSH_WAIT_NANOS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writeRemaining();
    }

    private void writeLoop() {
        List<LogRecord> batch = new ArrayList<>(BATCH);
        while (!closed) {
            // The writer looks at the queue on its own schedule instead of waiting on it: a waiting taker would be
            // woken by every record offered, a context switch (and a write) per request on a busy core.
            int drained = queue.drainTo(batch, BATCH);
            if (drained > 0) {
                write(batch);
            }
            batch.clear();
            if (drained < BATCH) { // caught up: rest while lines queue up, so each write carries many
                LockSupport.parkNanos(IDLE_WAIT_NANOS);
                if (Thread.interrupted() && closed) {
                    return;
                }
            }
        }
    }

    /** After close: what the writer left in the queue, by the calling thread. */
    private void writeRemaining() {
        List<LogRecord> remaining = new ArrayList<>();
        queue.drainTo(remaining);
        if (!remaining.isEmpty()) {
            writeNow(remaining);
        }
    }

    private void writeNow(List<LogRecord> records) {
        synchronized (out) { // the closing thread and late loggers, one batch at a time
            write(records);
        }
    }

    /** One write and one flush for {@code records}; one that cannot be formatted is reported and left out. */
    private void write(List<LogRecord> records) {
        StringBuilder text = new StringBuilder(records.size() * 120);
        for (LogRecord record : records) {
            try {
                text.append(getFormatter().format(record));
            } catch (RuntimeException | Error e) {
                // An Error too (a StackOverflowError in a deep cause chain, a LinkageError at shutdown): one bad
                // record must not end the writer, or every later line would be lost.
                reportError("A log record could not be formatted", e instanceof Exception x ? x : new Exception(e),
                            ErrorManager.FORMAT_FAILURE);
            }
        }
        out.print(text);
        out.flush();
        written.addAndGet(records.size());
    }

    private static int configuredQueue() {
        String value = LogManager.getLogManager().getProperty(AsyncConsoleHandler.class.getName() + ".queue");
        try {
            return value == null ? DEFAULT_QUEUE : Math.max(1, Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            return DEFAULT_QUEUE;
        }
    }
}
