package com.example.hello.config;

/**
 * How the heap is shared out, in one place, so that what an attacker can make the server hold adds up to less than
 * the heap: the parts below are sized together from the heap's ceiling ({@link Runtime#maxMemory()}, which follows
 * the container's memory limit and {@code -XX:MaxRAMPercentage}).
 * <pre>
 *   heap
 *   ├── log queue            heap / 32, at ~{@value #LOG_RECORD_BYTES} B a waiting record (logging/AsyncConsoleHandler)
 *   ├── application reserve  max(40 MiB, 30 % of the heap): Weld, Jersey, metrics, requests in flight, GC headroom
 *   └── the rest
 *       ├── 1/6 token decision cache (security/VerifiedTokenCache), 4 to 256 MiB
 *       └── 5/6 connections (connections/ConnectionSettings): 15/16 at the cost of an idle kept-alive connection each
 *           (connections.max; one waiting for a request body counts as 1.6), 1/16 for what half-open connections'
 *           unfinished request heads hold
 * </pre>
 * With the image's options in a 384 MiB container (a 126.7 MiB heap): log queue 4.0 MiB (8,108 records), reserve
 * 40 MiB, token cache 13.8 MiB (about 48,000 refusals or 3,300 accepted Auth0-sized tokens), connections 68.9 MiB
 * (2,133 connections with Runtime.maxMemory()'s 123.8 MiB, 4.4 MiB of heads). Connections come first: an idle kept-alive connection measured ~30 KiB, and
 * a load balancer's pool of 2,000 of them must fit; a token missing from the cache costs one signature check.
 *
 * @param heapBytes the heap's ceiling
 */
public record MemoryBudget(long heapBytes) {
    static final long MEBIBYTE = 1024 * 1024;
    /** A waiting log record (the record, its message, its parameters): estimated, most are access-log lines. */
    static final int LOG_RECORD_BYTES = 512;
    static final long MIN_RESERVE_BYTES = 40 * MEBIBYTE;
    static final long MIN_CACHE_BYTES = 4 * MEBIBYTE;
    static final long MAX_CACHE_BYTES = 256 * MEBIBYTE;
    static final int MIN_LOG_RECORDS = 1_024;
    static final int MAX_LOG_RECORDS = 65_536;

    /** @return the budget of this JVM's heap */
    public static MemoryBudget ofThisJvm() {
        return new MemoryBudget(Runtime.getRuntime().maxMemory());
    }

    /** @return how many log records may wait to be written */
    public int logQueueRecords() {
        return Math.clamp(heapBytes / 32 / LOG_RECORD_BYTES, MIN_LOG_RECORDS, MAX_LOG_RECORDS);
    }

    /** @return the heap the decisions about tokens already seen may hold */
    public long tokenCacheBytes() {
        return Math.clamp(shared() / 6, MIN_CACHE_BYTES, MAX_CACHE_BYTES);
    }

    /** @return the heap open connections may hold, idle ones and half-open heads together */
    public long connectionBytes() {
        return Math.max(shared() - tokenCacheBytes(), 4 * MEBIBYTE); // 5/6, less when the cache is at its floor
    }

    private long shared() {
        long log = (long) logQueueRecords() * LOG_RECORD_BYTES;
        long reserve = Math.max(MIN_RESERVE_BYTES, heapBytes * 3 / 10);
        return Math.max(0, heapBytes - log - reserve);
    }
}
