package com.example.hello.connections;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Closes the connections that missed a deadline, checking all of them every {@value #CHECK_PERIOD_MILLIS} ms on one
 * daemon thread, and reports what was closed to the log at most once per {@link ConnectionMetrics#REPORT_PERIOD}.
 */
final class Deadlines {
    static final long CHECK_PERIOD_MILLIS = 200;
    private static final Set<GuardedConnection> WATCHED = ConcurrentHashMap.newKeySet();
    private static final ScheduledExecutorService CHECKER = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "connection-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    static {
        CHECKER.scheduleWithFixedDelay(Deadlines::check, CHECK_PERIOD_MILLIS, CHECK_PERIOD_MILLIS,
                                       TimeUnit.MILLISECONDS);
    }

    private Deadlines() {
    }

    static void watch(GuardedConnection connection) {
        WATCHED.add(connection);
    }

    static void unwatch(GuardedConnection connection) {
        WATCHED.remove(connection);
    }

    private static void check() {
        try {
            long now = System.nanoTime();
            for (GuardedConnection connection : WATCHED) {
                connection.missedDeadline(now).ifPresent(reason -> {
                    if (WATCHED.remove(connection) && !connection.closedByUs()) { // not evicted meanwhile
                        ConnectionMetrics.closed(reason);
                        connection.closeSocket();
                    }
                });
            }
            ConnectionMetrics.reportIfDue();
        } catch (RuntimeException e) {
            // never let one failure end the checks (a scheduled task that throws is not run again)
            System.getLogger(Deadlines.class.getName()).log(System.Logger.Level.WARNING, "Deadline check failed", e);
        }
    }
}
