package com.example.hello.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock the test moves forward, for what expires: wall-clock time ({@link #instant()}) and monotonic time
 * ({@link #nanoTime()}, for what runs on {@link System#nanoTime()}) move together.
 */
public final class MutableClock extends Clock {
    private volatile Instant now;
    private volatile long advancedNanos;

    /** @param start the clock's first instant */
    public MutableClock(Instant start) {
        this.now = start;
    }

    /** @param duration how far to move the clock forward */
    public void advance(Duration duration) {
        now = now.plus(duration);
        advancedNanos += duration.toNanos();
    }

    /** @return {@link System#nanoTime()} plus how far this clock was moved */
    public long nanoTime() {
        return System.nanoTime() + advancedNanos;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneOffset getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }
}
