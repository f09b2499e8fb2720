package com.example.hello.connections;

import java.time.Duration;

import com.example.hello.config.MemoryBudget;

import org.eclipse.microprofile.config.Config;

/**
 * What one listener lets its connections hold: how many may be open at once, how many bytes of unfinished first
 * request heads, and how long each phase of a connection may wait for its client.
 *
 * @param maxConnections     open connections at most
 * @param halfOpenBytes      what connections that have not completed their first request head may hold together
 *                           (estimated, see {@link #HEAD_BYTES_PER_BYTE_RECEIVED}); beyond it they make room or close
 * @param requestHeadTimeout time for a request head (request line and headers) to arrive in full, counted from the
 *                           connection's opening (first request) or from the request's first bytes (later requests)
 * @param requestBodyTimeout time one wait for bytes of a request body may last
 * @param writeTimeout       time one write of an answer may stay blocked (the client does not read)
 * @param evictionMinAge     how old a half-open connection must be before a new one may take its place
 */
public record ConnectionSettings(int maxConnections, long halfOpenBytes, Duration requestHeadTimeout,
                                 Duration requestBodyTimeout, Duration writeTimeout, Duration evictionMinAge) {
    static final String MAX_CONNECTIONS = "connections.max";
    static final String REQUEST_HEAD_TIMEOUT = "connections.request-head-timeout";
    static final String REQUEST_BODY_TIMEOUT = "connections.request-body-timeout";
    static final String WRITE_TIMEOUT = "connections.write-timeout";
    static final String EVICTION_MIN_AGE = "connections.eviction-min-age";
    /**
     * The heap an open connection holds while it waits idle for its next request: its virtual thread, Helidon's
     * connection, parsers and socket buffers (Helidon's read buffer alone is 8 KiB). Measured: 2,500 idle kept-alive
     * connections took 73 MB more live heap (bench/slowloris, idle mode, 2026-12-07).
     */
    static final long IDLE_CONNECTION_BYTES = 30 * 1024;
    /**
     * The heap an open connection holds while it waits for bytes of a request body: its head parsed, the request's
     * objects made, its thread blocked deeper. Measured: 2,000 such connections took the live heap to 106 MB
     * (bench/slowloris, body mode, 2026-12-08), about 48 KiB each. Counted against {@code connections.max} as
     * {@link #bodyWaitSurcharge(int) more than one connection}, so that any mix of waits fits the connections' share.
     */
    static final long BODY_WAIT_BYTES = 48 * 1024;
    /**
     * The heap a half-open connection holds per byte of its unfinished head, with a margin: the bytes themselves, the
     * parsed headers and their copies (a 30 KiB head measured ~90 KiB in all).
     */
    static final int HEAD_BYTES_PER_BYTE_RECEIVED = 3;
    /**
     * The unfinished heads of half-open connections get 1/16 of the connections' share (4.4 MiB: ~50 heads of 30 KiB at
     * once, thousands of small ones); open connections the rest.
     */
    static final int HEADS_SHARE_DIVISOR = 16;
    static final int MIN_DEFAULT_CONNECTIONS = 64;
    static final int MAX_DEFAULT_CONNECTIONS = 50_000;

    /**
     * @param waitingForBody connections waiting for bytes of a request body
     * @return how many more connections than their number they hold, at {@link #IDLE_CONNECTION_BYTES} a connection
     *         (rounded down: one connection waiting for a body never passes a limit of one by itself)
     */
    static int bodyWaitSurcharge(int waitingForBody) {
        return (int) (waitingForBody * (BODY_WAIT_BYTES - IDLE_CONNECTION_BYTES) / IDLE_CONNECTION_BYTES);
    }

    /**
     * Validates the settings.
     */
    public ConnectionSettings {
        if (maxConnections < 1) {
            throw new IllegalArgumentException(MAX_CONNECTIONS + " must be at least 1, is " + maxConnections);
        }
        requirePositive(REQUEST_HEAD_TIMEOUT, requestHeadTimeout);
        requirePositive(REQUEST_BODY_TIMEOUT, requestBodyTimeout);
        requirePositive(WRITE_TIMEOUT, writeTimeout);
        if (evictionMinAge.isNegative()) {
            throw new IllegalArgumentException(EVICTION_MIN_AGE + " must not be negative, is " + evictionMinAge);
        }
    }

    /**
     * Reads the settings; {@value #MAX_CONNECTIONS} defaults to what the heap's share for connections holds.
     *
     * @param config the application's configuration
     * @return the settings
     */
    public static ConnectionSettings from(Config config) {
        MemoryBudget budget = MemoryBudget.ofThisJvm();
        return new ConnectionSettings(
                config.getOptionalValue(MAX_CONNECTIONS, Integer.class)
                        .orElseGet(() -> defaultMaxConnections(budget.connectionBytes())),
                budget.connectionBytes() / HEADS_SHARE_DIVISOR,
                config.getOptionalValue(REQUEST_HEAD_TIMEOUT, Duration.class).orElse(Duration.ofSeconds(10)),
                config.getOptionalValue(REQUEST_BODY_TIMEOUT, Duration.class).orElse(Duration.ofSeconds(10)),
                config.getOptionalValue(WRITE_TIMEOUT, Duration.class).orElse(Duration.ofSeconds(30)),
                config.getOptionalValue(EVICTION_MIN_AGE, Duration.class).orElse(Duration.ofMillis(250)));
    }

    /**
     * As many idle connections as 15/16 of the connections' share of the heap holds (1/16 is for the heads of
     * half-open ones), within [64, 50,000]: 2,133 with the image's heap ({@link Runtime#maxMemory()} 123.8 MiB with
     * the serial collector: the heap less one survivor space).
     *
     * @param connectionBytes the connections' share of the heap ({@link MemoryBudget#connectionBytes()})
     * @return the default limit
     */
    static int defaultMaxConnections(long connectionBytes) {
        long forOpenConnections = connectionBytes - connectionBytes / HEADS_SHARE_DIVISOR;
        return Math.clamp(forOpenConnections / IDLE_CONNECTION_BYTES, MIN_DEFAULT_CONNECTIONS,
                          MAX_DEFAULT_CONNECTIONS);
    }

    /**
     * The default limit for this JVM.
     *
     * @return the default of {@value #MAX_CONNECTIONS}
     */
    static int defaultMaxConnections() {
        return defaultMaxConnections(MemoryBudget.ofThisJvm().connectionBytes());
    }

    private static void requirePositive(String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive duration, is " + value);
        }
    }
}
