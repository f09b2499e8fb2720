package com.example.hello.connections;

import java.time.Duration;

import org.eclipse.microprofile.config.Config;

/**
 * What one listener lets its connections hold: how many may be open at once and how long a request head and an
 * answer may take.
 *
 * @param maxConnections     open connections at most; a connection beyond them is closed as soon as it is accepted
 * @param requestHeadTimeout time for a request head (request line and headers) to arrive in full, counted from the
 *                           connection's opening (first request) or from the request line (later requests)
 * @param writeTimeout       time one write of an answer may stay blocked (the client does not read)
 */
public record ConnectionSettings(int maxConnections, Duration requestHeadTimeout, Duration writeTimeout) {
    static final String MAX_CONNECTIONS = "connections.max";
    static final String REQUEST_HEAD_TIMEOUT = "connections.request-head-timeout";
    static final String WRITE_TIMEOUT = "connections.write-timeout";
    /**
     * The heap one open connection may cost at worst, with a margin: a request head just under the parser's limit
     * ({@code server.protocols.http_1_1.max-headers-size}, 32 KiB), its parsed copy and the socket's buffers measured
     * about 90 KiB; a connection that sent a few bytes, about 14 KiB.
     */
    static final long WORST_CASE_BYTES_PER_CONNECTION = 128 * 1024;
    /** Connections may take at most half of the heap; the rest is the application's. */
    static final int HEAP_SHARE_DIVISOR = 2;
    static final int MIN_DEFAULT_CONNECTIONS = 64;
    static final int MAX_DEFAULT_CONNECTIONS = 10_000;

    /**
     * Validates the settings.
     */
    public ConnectionSettings {
        if (maxConnections < 1) {
            throw new IllegalArgumentException(MAX_CONNECTIONS + " must be at least 1, is " + maxConnections);
        }
        requirePositive(REQUEST_HEAD_TIMEOUT, requestHeadTimeout);
        requirePositive(WRITE_TIMEOUT, writeTimeout);
    }

    /**
     * Reads the settings; {@value #MAX_CONNECTIONS} defaults to what the heap can hold.
     *
     * @param config the application's configuration
     * @return the settings
     */
    public static ConnectionSettings from(Config config) {
        return new ConnectionSettings(
                config.getOptionalValue(MAX_CONNECTIONS, Integer.class)
                        .orElseGet(() -> defaultMaxConnections(Runtime.getRuntime().maxMemory())),
                config.getOptionalValue(REQUEST_HEAD_TIMEOUT, Duration.class).orElse(Duration.ofSeconds(10)),
                config.getOptionalValue(WRITE_TIMEOUT, Duration.class).orElse(Duration.ofSeconds(30)));
    }

    /**
     * As many connections as half of the heap holds at their worst, within [64, 10,000]: 495 with a 128 MB heap.
     *
     * @param maxHeapBytes the heap's ceiling ({@link Runtime#maxMemory()})
     * @return the default limit
     */
    static int defaultMaxConnections(long maxHeapBytes) {
        long fits = maxHeapBytes / HEAP_SHARE_DIVISOR / WORST_CASE_BYTES_PER_CONNECTION;
        return Math.clamp(fits, MIN_DEFAULT_CONNECTIONS, MAX_DEFAULT_CONNECTIONS);
    }

    private static void requirePositive(String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive duration, is " + value);
        }
    }
}
