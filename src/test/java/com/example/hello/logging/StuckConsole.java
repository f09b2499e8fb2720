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
                Thread.currentThread().interrupt();
            }
        }
        written.write(bytes, offset, length);
    }

    PrintStream printStream() {
        return new PrintStream(this, false, StandardCharsets.UTF_8);
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
