package com.example.hello;

import java.util.OptionalInt;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The status the JVM is exiting with, as seen from a shutdown hook. The JDK (21+) reports every
 * {@code Runtime.exit}, the one a SIGTERM or Ctrl-C makes included, to the logger {@code java.lang.Runtime} at
 * {@code DEBUG}, before any shutdown hook runs; this listens there, printing nothing.
 */
final class ExitStatus {
    /** What the JVM exits with on SIGTERM (128 + 15) and on SIGINT, Ctrl-C (128 + 2). */
    private static final int SIGTERM = 143;
    private static final int SIGINT = 130;
    private static final Pattern STATUS = Pattern.compile("(-?\\d+)\\s*$");

    // JUL holds loggers weakly: this reference keeps the level and the handler alive.
    private final Logger runtime = Logger.getLogger("java.lang.Runtime");
    private volatile OptionalInt status = OptionalInt.empty();

    private ExitStatus() {
    }

    /** @return a watcher of the next exit, from now on */
    static ExitStatus watch() {
        ExitStatus exitStatus = new ExitStatus();
        exitStatus.runtime.setLevel(Level.FINE);
        exitStatus.runtime.setUseParentHandlers(false);
        exitStatus.runtime.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                exitStatus.recorded(record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        return exitStatus;
    }

    /** @param message the JDK's record of an exit, "Runtime.exit() called with status: N" */
    void recorded(String message) {
        Matcher matcher = STATUS.matcher(message == null ? "" : message);
        if (matcher.find()) {
            status = OptionalInt.of(Integer.parseInt(matcher.group(1)));
        }
    }

    /** @return whether the JVM is exiting because a signal asked it to stop (SIGTERM or Ctrl-C) */
    boolean stoppedBySignal() {
        return status.isPresent() && (status.getAsInt() == SIGTERM || status.getAsInt() == SIGINT);
    }

    /** For tests: a watcher that listens nowhere. */
    static ExitStatus unattached() {
        return new ExitStatus();
    }
}
