package com.example.hello.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import com.example.hello.config.Auth0Settings;

import io.helidon.metrics.api.FunctionalCounter;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import io.helidon.security.jwt.jwk.Jwk;
import io.helidon.security.jwt.jwk.JwkKeys;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * The issuer's signing keys (JWKS), fetched in the background and cached; a request never waits for the network
 * for a key it already holds.
 * <p>
 * MicroProfile JWT at Helidon 4.3.0 loads the JWKS once and never again; Auth0 rotates keys. So the keys are
 * fetched again ahead of {@code maxAge} by a background thread, which is the only one that talks to the issuer: one
 * fetch in flight at a time, never more often than once per {@code minRefreshInterval} (so a flood of made-up key
 * ids cannot turn the service into a load generator against the issuer). A failed fetch keeps the cached keys in
 * use (an issuer that is down, refuses, hangs or answers garbage changes nothing for tokens of known keys) and is
 * retried with a growing delay. Only a token naming a key the cache does not hold waits, for the fetch in flight,
 * and at most {@link #KEY_WAIT} after that fetch started: a rotated key works at once, a hanging issuer costs a
 * bounded wait and then a 401.
 * <p>
 * Every fetch is bounded as a whole, so the one refresher thread can never be wedged: {@link #FETCH_TIMEOUT} from
 * the start of the request to the last byte of the body (the JDK client's own request timeout, up to JDK 25, ends
 * when the headers arrive, so the body could stall or trickle for ever), and {@link #MAX_JWKS_BYTES} of body. A
 * fetch over either is cancelled, which closes its connection, and is a failed fetch like any other: logged,
 * counted, retried. Times are on the monotonic clock ({@link System#nanoTime()}), so a wall-clock step neither stops
 * fetches nor skips max-age; a refresh that finds the same keys keeps the same {@link JwkKeys} instance, so the
 * decisions cached against it ({@link VerifiedTokenCache}) stay valid.
 * <p>
 * Nimbus JOSE+JWT was weighed for the fetch and rejected. Its {@code DefaultResourceRetriever} caps the size (50 KiB
 * by default) but bounds time only per read (a socket timeout): a body trickling one byte per read timeout holds it
 * for hours. Its {@code JWKSourceBuilder} with a scheduled refresh-ahead cache refreshes while requests go on, but
 * runs the retrieval under the cache's lock, so a retrieval that never ends leaves every later refresh, and every
 * lookup once the cache expires, waiting out its refresh timeout on that lock; it schedules on the wall clock; and
 * its key set would need converting into Helidon's {@link JwkKeys}, which verification uses. Bounding the total time
 * would still be ours to write, as a custom retriever. The JDK client, with a deadline on the whole exchange and a
 * bounded body ({@link BoundedBody}), is that part, in a few lines and without a second JOSE library.
 */
public final class JwksKeySource implements AutoCloseable {
    /** The longest a request waits for keys it does not hold, counted from the start of the fetch it waits for. */
    static final Duration KEY_WAIT = Duration.ofSeconds(1);
    /** The longest one fetch may take, connection, headers and whole body included. */
    static final Duration FETCH_TIMEOUT = Duration.ofSeconds(2);
    /**
     * The largest JWKS accepted. An Auth0 key is about 2 KB in its JWKS (a 2048-bit modulus, 342 characters, plus its
     * certificate chain in {@code x5c}, about 1.5 KB), and Auth0 publishes two or three (current, next, previous):
     * under 8 KB. 64 KiB leaves room for eight times that (4096-bit keys, longer chains) while an issuer gone wrong
     * cannot make the service buffer more than this.
     */
    static final int MAX_JWKS_BYTES = 64 * 1024;
    /** The least {@code minRefreshInterval}: the rate limit can be set low, never off. */
    static final Duration MIN_REFRESH_INTERVAL = Auth0Settings.MIN_JWKS_REFRESH_INTERVAL;
    private static final System.Logger LOGGER = System.getLogger(JwksKeySource.class.getName());
    private static final Duration MAX_RETRY_DELAY = Duration.ofMinutes(1);
    /** While the issuer keeps failing, one warning per this interval (plus the first failure), not one per retry. */
    private static final Duration WARNING_INTERVAL = Duration.ofMinutes(1);
    static final String FETCH_METRIC = "jwks.fetches";

    private final URI jwksUri;
    private final Duration minRefreshInterval;
    private final Duration maxAge;
    private final LongSupplier nanoTime;
    private final ScheduledExecutorService refresher;
    private final AtomicLong successes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    private volatile Snapshot snapshot;
    private volatile Fetch inFlight;
    /** When the last fetch started ({@link #nanoTime}), valid once {@link #started}. */
    private volatile long lastStart;
    private volatile boolean started;
    // Touched only by the refresher thread.
    /** Made by the first fetch: setting up the client (TLS's trust store among it) stays off the starting thread. */
    private HttpClient http;
    private ScheduledFuture<?> nextRefresh;
    private int failuresInARow;
    private long lastWarning;
    private boolean warned;

    /** The keys, the JWKS they were read from (to tell an unchanged refresh), and when that fetch started. */
    private record Snapshot(JwkKeys keys, JsonObject jwks, long fetchedAt) {
    }

    private record Fetch(long startedNanos, CompletableFuture<Snapshot> done) {
    }

    /**
     * Creates the source and starts fetching the keys in the background.
     *
     * @param jwksUri            where the issuer publishes its keys
     * @param minRefreshInterval the least time between the starts of two fetches (at least
     *                           {@link #MIN_REFRESH_INTERVAL}; less is taken as that)
     * @param maxAge             how long a fetched key set is trusted; it is fetched again before then
     */
    public JwksKeySource(URI jwksUri, Duration minRefreshInterval, Duration maxAge) {
        this(jwksUri, minRefreshInterval, maxAge, System::nanoTime);
    }

    /**
     * @param nanoTime monotonic time in nanoseconds, as {@link System#nanoTime()} (tests move it forward)
     */
    JwksKeySource(URI jwksUri, Duration minRefreshInterval, Duration maxAge, LongSupplier nanoTime) {
        this(jwksUri, minRefreshInterval, maxAge, nanoTime, Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("jwks-refresh").factory()));
    }

    /**
     * @param nanoTime  as above
     * @param refresher the one thread that fetches and schedules the next fetch (tests see the delays it is given)
     */
    JwksKeySource(URI jwksUri, Duration minRefreshInterval, Duration maxAge, LongSupplier nanoTime,
                  ScheduledExecutorService refresher) {
        this.jwksUri = jwksUri;
        this.minRefreshInterval = minRefreshInterval.compareTo(MIN_REFRESH_INTERVAL) < 0
                ? MIN_REFRESH_INTERVAL : minRefreshInterval;
        this.maxAge = maxAge;
        this.nanoTime = nanoTime;
        this.refresher = refresher;
        startFetch(); // at start-up, so the first token finds the keys loaded
    }

    /**
     * The current key set, which holds the key {@code keyId}. Without waiting when the key is cached, whatever the
     * issuer does; otherwise after at most {@link #KEY_WAIT} from the start of the fetch in flight.
     *
     * @param keyId the token's {@code kid}
     * @return keys to verify the token's signature with
     * @throws TokenRejectedException {@link TokenRejection#UNKNOWN_KEY} or {@link TokenRejection#KEYS_UNAVAILABLE}
     */
    JwkKeys keysHolding(String keyId) throws TokenRejectedException {
        Snapshot current = snapshot;
        if (current != null && current.keys.forKeyId(keyId).isPresent()) {
            if (nanoTime.getAsLong() - current.fetchedAt >= maxAge.toNanos() && inFlight == null) {
                // Past max-age: the scheduled refresh failed; ask again, without waiting.
                startFetch();
            }
            return current.keys;
        }
        awaitFetch(startFetch());
        current = snapshot;
        if (current == null) {
            throw new TokenRejectedException(TokenRejection.KEYS_UNAVAILABLE);
        }
        if (current.keys.forKeyId(keyId).isEmpty()) {
            throw new TokenRejectedException(TokenRejection.UNKNOWN_KEY);
        }
        return current.keys;
    }

    /**
     * Whether keys are held. When none are, a fetch is started (subject to the refresh limit) and waited for, as a
     * request would.
     *
     * @return true when tokens can be verified
     */
    public boolean keysAvailable() {
        if (snapshot != null) {
            return true;
        }
        awaitFetch(startFetch());
        return snapshot != null;
    }

    /** Stops the background refresh; a fetch in flight is cancelled. */
    @Override
    public void close() {
        refresher.shutdownNow();
    }

    /** @return whether keys are held, without starting a fetch */
    boolean holdsKeys() {
        return snapshot != null;
    }

    /** @return the fetch in flight, for tests that wait for a refresh to finish; null when none is */
    CompletableFuture<?> fetchInFlight() {
        Fetch fetch = inFlight;
        return fetch == null ? null : fetch.done;
    }

    /** @return fetches that ended with keys (counted in {@code jwks.fetches{outcome=success}}) */
    long successfulFetches() {
        return successes.get();
    }

    /** @return fetches that did not (counted in {@code jwks.fetches{outcome=failure}}) */
    long failedFetches() {
        return failures.get();
    }

    /** Waits for {@code fetch} until {@link #KEY_WAIT} after it started; a null fetch (none allowed) is not waited for. */
    private void awaitFetch(Fetch fetch) {
        if (fetch == null) {
            return;
        }
        long remaining = fetch.startedNanos + KEY_WAIT.toNanos() - nanoTime.getAsLong();
        if (remaining <= 0) {
            return;
        }
        try {
            fetch.done.get(remaining, TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // The caller reads whatever keys are held now.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Starts a fetch on the refresher thread unless one is in flight (then that one is returned) or the last one
     * started less than {@code minRefreshInterval} ago (then null). No I/O happens under the lock.
     */
    private Fetch startFetch() {
        Fetch current = inFlight;
        if (current != null) {
            return current;
        }
        if (rateLimited(nanoTime.getAsLong())) {
            return null;
        }
        synchronized (this) {
            current = inFlight;
            if (current != null) {
                return current;
            }
            long now = nanoTime.getAsLong();
            if (rateLimited(now)) {
                return null;
            }
            lastStart = now;
            started = true;
            Fetch fetch = new Fetch(now, new CompletableFuture<>());
            inFlight = fetch;
            try {
                refresher.execute(() -> run(fetch));
            } catch (RejectedExecutionException e) {
                inFlight = null; // closed: the server is stopping
                fetch.done.complete(null);
            }
            return fetch;
        }
    }

    private boolean rateLimited(long now) {
        return started && now - lastStart < minRefreshInterval.toNanos();
    }

    /** The refresher thread: one fetch, then the next refresh is scheduled (ahead of max-age, or a retry). */
    private void run(Fetch fetch) {
        Snapshot fetched = null;
        String failure = null;
        try {
            fetched = unchangedOrNew(fetch(), fetch.startedNanos);
            snapshot = fetched;
        } catch (IOException | RuntimeException e) {
            // RuntimeException: JSON that is not a JWKS makes the parsers throw assorted unchecked exceptions
            failure = describe(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
        } finally {
            // Waiting requests go on before the bookkeeping below (metrics, logging) runs.
            inFlight = null;
            fetch.done.complete(fetched);
        }
        if (failure == null) {
            succeeded();
        } else {
            failed(failure);
        }
        if (!refresher.isShutdown()) {
            schedule(fetched != null ? refreshAhead() : retryDelay());
        }
    }

    /** The same {@link JwkKeys} as before when the issuer publishes the same keys, so cached decisions stand. */
    private Snapshot unchangedOrNew(JsonObject jwks, long startedAt) {
        Snapshot previous = snapshot;
        if (previous != null && previous.jwks.equals(jwks)) {
            return new Snapshot(previous.keys, previous.jwks, startedAt);
        }
        return new Snapshot(readKeys(jwks), jwks, startedAt);
    }

    /**
     * The key set, read key by key. Helidon's {@link JwkKeys#create} skips a key it cannot read with a warning that
     * quotes the key's value and the exception, and returns what remains, even nothing: an answer of garbage keys
     * would replace the keys held. Here an unreadable key is left out with a warning that counts it, never quotes it,
     * and an answer without one readable key is not a valid JWKS (a failed fetch: the keys held stay in use).
     */
    private JwkKeys readKeys(JsonObject jwks) {
        JwkKeys.Builder keys = JwkKeys.builder();
        int read = 0;
        int unreadable = 0;
        for (JsonValue key : jwks.getJsonArray("keys")) {
            try {
                keys.addKey(Jwk.create(key.asJsonObject()));
                read++;
            } catch (RuntimeException e) {
                unreadable++; // an unreadable or unsupported key: left out, never quoted
            }
        }
        if (read == 0) {
            throw new IllegalArgumentException("no readable key");
        }
        if (unreadable > 0) {
            LOGGER.log(Level.WARNING, unreadable + " of the " + (read + unreadable) + " signing keys from " + jwksUri
                                      + " could not be read and are left out; tokens signed with them are refused");
        }
        return keys.build();
    }

    private void schedule(Duration delay) {
        if (nextRefresh != null) {
            nextRefresh.cancel(false);
        }
        try {
            nextRefresh = refresher.schedule(this::scheduledRefresh, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    private void scheduledRefresh() {
        if (startFetch() == null) {
            // Rate-limited: a fetch started recently; try again once the limit allows.
            schedule(minRefreshInterval.plus(MIN_REFRESH_INTERVAL));
        }
    }

    /** Four fifths of max-age, but not sooner than the refresh limit allows. */
    private Duration refreshAhead() {
        Duration ahead = maxAge.multipliedBy(4).dividedBy(5);
        return ahead.compareTo(minRefreshInterval) < 0 ? minRefreshInterval : ahead;
    }

    /** Doubles with each failure in a row, from the refresh limit up to a minute (or max-age, when shorter). */
    private Duration retryDelay() {
        Duration base = minRefreshInterval;
        Duration ceiling = maxAge.compareTo(MAX_RETRY_DELAY) < 0 ? maxAge : MAX_RETRY_DELAY;
        if (ceiling.compareTo(base) < 0) {
            ceiling = base;
        }
        Duration delay = base.multipliedBy(1L << Math.min(failuresInARow - 1, 20));
        return delay.compareTo(ceiling) > 0 ? ceiling : delay;
    }

    private void succeeded() {
        successes.incrementAndGet();
        if (failuresInARow > 0) {
            LOGGER.log(Level.INFO, "Signing keys fetched from " + jwksUri + " again, after " + failuresInARow
                                   + " failed attempt(s)");
        }
        failuresInARow = 0;
        warned = false;
    }

    private void failed(String why) {
        failures.incrementAndGet();
        failuresInARow++;
        long now = nanoTime.getAsLong();
        if (!warned || now - lastWarning >= WARNING_INTERVAL.toNanos()) {
            warned = true;
            lastWarning = now;
            LOGGER.log(Level.WARNING, "Could not fetch signing keys from " + jwksUri + " (" + why + "); "
                                      + failuresInARow + " failed attempt(s) in a row; "
                                      + (snapshot != null ? "the cached keys stay in use" : "no keys held yet")
                                      + "; retrying in " + retryDelay().toMillis() + " ms");
        }
    }

    /** What went wrong, without the exception's own text (which may quote what the issuer sent). */
    private static String describe(Exception e) {
        if (e instanceof HttpTimeoutException) {
            return "no complete answer within " + FETCH_TIMEOUT.toSeconds() + " s";
        }
        if (e instanceof BoundedBody.UnexpectedStatus status) {
            return "status " + status.status();
        }
        if (e instanceof BoundedBody.TooLarge) {
            return "answer larger than " + MAX_JWKS_BYTES / 1024 + " KiB";
        }
        if (e instanceof RuntimeException) {
            return "not a valid JWKS";
        }
        return e.getClass().getSimpleName();
    }

    /**
     * Publishes the fetch counts as {@code jwks.fetches{outcome=success|failure}} ({@code jwks_fetches_total} in
     * Prometheus format). Counted here and only read by the registry: the first fetch runs before the registry exists.
     */
    public void publishMetrics() {
        for (boolean success : new boolean[] {true, false}) {
            AtomicLong count = success ? successes : failures;
            Metrics.getOrCreate(FunctionalCounter.builder(FETCH_METRIC, count, AtomicLong::get)
                                        .scope("application")
                                        .description("Fetches of the issuer's signing keys (JWKS), by outcome")
                                        .addTag(Tag.create("outcome", success ? "success" : "failure")));
        }
    }

    /**
     * One fetch, bounded as a whole by {@link #FETCH_TIMEOUT} and {@link #MAX_JWKS_BYTES}. When the deadline passes
     * (or this thread is interrupted) the exchange is cancelled, which closes its connection.
     */
    private JsonObject fetch() throws IOException, InterruptedException {
        if (http == null) {
            http = HttpClient.newBuilder()
                    .connectTimeout(FETCH_TIMEOUT)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
        }
        HttpRequest request = HttpRequest.newBuilder(jwksUri)
                .timeout(FETCH_TIMEOUT)
                .header("Accept", "application/json")
                .GET()
                .build();
        CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(request,
                                                                          BoundedBody.handler(MAX_JWKS_BYTES));
        byte[] body;
        try {
            body = exchange.get(FETCH_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS).body();
        } catch (TimeoutException e) {
            throw new HttpTimeoutException("no complete answer in time");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } finally {
            exchange.cancel(true); // no effect once complete
        }
        try (var reader = Json.createReader(new ByteArrayInputStream(body))) {
            return reader.readObject();
        }
    }
}
