package com.example.hello.connections;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import com.example.hello.metrics.MeterCache;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Tag;

/**
 * Connections the server closed to protect itself, on {@code /metrics} as {@code connections_closed_total{reason}},
 * and the open connections as {@code connections_open}. The log gets one summary line per
 * {@link #REPORT_PERIOD} at most, whatever the rate of closings, so an attack cannot flood it.
 */
final class ConnectionMetrics {
    static final String CLOSED = "connections.closed";
    static final String OPEN = "connections.open";
    static final Duration REPORT_PERIOD = Duration.ofSeconds(10);
    private static final System.Logger LOGGER = System.getLogger(ConnectionMetrics.class.getName());
    private static final AtomicInteger OPEN_CONNECTIONS = new AtomicInteger();
    private static final Map<Reason, LongAdder> SINCE_REPORT = new EnumMap<>(Reason.class);
    private static long lastReport = System.nanoTime();

    /** Why the server closed a connection (the metric's {@code reason} tag). */
    enum Reason {
        /** Accepted at a limit with no connection that could make room: closed at once. */
        OVER_LIMIT("over_limit"),
        /**
         * Half-open (no request head yet), old enough, and the oldest such when a new connection came at a limit; or
         * its growing head would have taken the half-open heads beyond their share of the heap.
         */
        EVICTED("evicted"),
        /** Idle between requests, and the longest such when a new connection came at the limit (no half-open one). */
        EVICTED_IDLE("evicted_idle"),
        /** Waiting for bytes of a request body longer than the minimum age, the longest such, at the limit. */
        EVICTED_BODY("evicted_body"),
        /** Its request head did not arrive in full within {@code connections.request-head-timeout}. */
        HEAD_TIMEOUT("head_timeout"),
        /** It waited longer than {@code connections.request-body-timeout} for bytes of a request body it announced. */
        BODY_TIMEOUT("body_timeout"),
        /** A write of its answer stayed blocked for {@code connections.write-timeout}: the client did not read. */
        WRITE_TIMEOUT("write_timeout"),
        /** Its request was malformed or ambiguously framed: answered 400 and closed. */
        MALFORMED("malformed");

        private final String tag;

        Reason(String tag) {
            this.tag = tag;
        }
    }

    private static final MeterCache<Reason, Counter> CLOSED_COUNTERS = new MeterCache<>(
            (registry, reason) -> registry.getOrCreate(Counter.builder(CLOSED)
                    .scope("application")
                    .description("Connections the server closed to protect itself, by reason")
                    .tags(List.of(Tag.create("reason", reason.tag)))));
    private static final MeterCache<String, Gauge<Integer>> OPEN_GAUGE = new MeterCache<>(
            (registry, name) -> registry.getOrCreate(Gauge.builder(name, OPEN_CONNECTIONS::get)
                    .scope("application")
                    .description("Open HTTP connections")));

    static {
        for (Reason reason : Reason.values()) {
            SINCE_REPORT.put(reason, new LongAdder());
        }
    }

    private ConnectionMetrics() {
    }

    static void closed(Reason reason) {
        SINCE_REPORT.get(reason).increment();
        CLOSED_COUNTERS.get(reason).increment();
    }

    static void opened() {
        OPEN_CONNECTIONS.incrementAndGet();
        OPEN_GAUGE.get(OPEN); // registered on first use in each registry (one exists only once the server runs)
    }

    static void ended() {
        OPEN_CONNECTIONS.decrementAndGet();
    }

    /** Logs what was closed since the last line, when there was anything and the report period has passed. */
    static synchronized void reportIfDue() {
        long now = System.nanoTime();
        if (now - lastReport < REPORT_PERIOD.toNanos()) {
            return;
        }
        lastReport = now;
        StringJoiner counts = new StringJoiner(", ");
        long total = 0;
        for (Map.Entry<Reason, LongAdder> entry : SINCE_REPORT.entrySet()) {
            long count = entry.getValue().sumThenReset();
            total += count;
            counts.add(entry.getKey().tag + "=" + count);
        }
        if (total > 0) {
            LOGGER.log(System.Logger.Level.WARNING, "Closed " + total + " connections in the last "
                    + REPORT_PERIOD.toSeconds() + " s to protect the server (" + counts + "); "
                    + OPEN_CONNECTIONS.get() + " open");
        }
    }
}
