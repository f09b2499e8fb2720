package com.example.hello.logging;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A console whose first write sticks until the writing thread is interrupted or the test releases it (a guard of
 * {@link #GUARD} otherwise), so a test knows exactly which record the log writer holds while others queue up.
 */
final class StuckConsole extends OutputStream {
    static final Duration GUARD = Duration.ofSeconds(60);

    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    /** Once interrupted, the stuck write goes on only when this thread waits (for the console, behind it). */
    private volatile Thread closing;

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        if (entered.getCount() > 0) {
            entered.countDown();
            try {
                released.await(GUARD.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                awaitWaiting(closing);
                Thread.currentThread().interrupt();
            }
        }
        written.write(bytes, offset, length);
    }

    PrintStream printStream() {
        return new PrintStream(this, false, StandardCharsets.UTF_8);
    }

    /**
     * Keeps the writer in its write, once interrupted, until {@code thread} waits or blocks (as the closing thread does
     * once it is past its join and wants the console), so the writer is certainly alive while the closing thread
     * joins it.
     */
    void holdUntilWaiting(Thread thread) {
        closing = thread;
    }

    private static void awaitWaiting(Thread thread) {
        long deadline = System.nanoTime() + GUARD.toNanos();
        while (thread != null && thread.getState() != Thread.State.WAITING
                && thread.getState() != Thread.State.BLOCKED && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    /** Waits until the writer is stuck in its first write. */
    void awaitStuck() throws InterruptedException {
        if (!entered.await(GUARD.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("the log writer never wrote");
        }
    }

    void release() {
        released.countDown();
    }

    /** @return the lines written so far */
    List<String> lines() {
        return written.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
