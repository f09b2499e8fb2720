package com.example.hello.security;

import java.io.IOException;
import java.io.StringReader;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import io.helidon.metrics.api.FunctionalCounter;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import io.helidon.security.jwt.jwk.JwkKeys;

import jakarta.json.Json;

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
 * Nimbus JOSE+JWT's {@code JWKSourceBuilder} was considered: once its cache passes its time-to-live, every caller
 * goes through a blocking, locked reload (bounded only by its refresh timeout), which is the behaviour this class
 * exists to avoid; readers here only read a volatile field.
 */
public final class JwksKeySource implements AutoCloseable {
    /** The longest a request waits for keys it does not hold, counted from the start of the fetch it waits for. */
    static final Duration KEY_WAIT = Duration.ofSeconds(1);
    private static final System.Logger LOGGER = System.getLogger(JwksKeySource.class.getName());
    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(2);
    /** Floor of the retry delay, so a zero {@code minRefreshInterval} (tests) cannot spin. */
    private static final Duration MIN_RETRY_DELAY = Duration.ofMillis(100);
    private static final Duration MAX_RETRY_DELAY = Duration.ofMinutes(1);
    /** While the issuer keeps failing, one warning per this interval (plus the first failure), not one per retry. */
    private static final Duration WARNING_INTERVAL = Duration.ofMinutes(1);
    static final String FETCH_METRIC = "jwks.fetches";

    private final URI jwksUri;
    private final Duration minRefreshInterval;
    private final Duration maxAge;
    private final Clock clock;
    private final HttpClient http;
    private final ScheduledExecutorService refresher;
    private final AtomicLong successes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    private volatile Snapshot snapshot;
    private volatile Fetch inFlight;
    private volatile Instant lastStart;
    // Touched only by the refresher thread.
    private ScheduledFuture<?> nextRefresh;
    private int failuresInARow;
    private Instant lastWarning;

    private record Snapshot(JwkKeys keys, Instant fetchedAt) {
    }

    private record Fetch(long startedNanos, CompletableFuture<Snapshot> done) {
    }

    /**
     * Creates the source and starts fetching the keys in the background.
     *
     * @param jwksUri            where the issuer publishes its keys
     * @param minRefreshInterval the least time between the starts of two fetches
     * @param maxAge             how long a fetched key set is trusted; it is fetched again before then
     * @param clock              time source of key ages and of the refresh limit
     */
    public JwksKeySource(URI jwksUri, Duration minRefreshInterval, Duration maxAge, Clock clock) {
        this.jwksUri = jwksUri;
        this.minRefreshInterval = minRefreshInterval;
        this.maxAge = maxAge;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(FETCH_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.refresher = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("jwks-refresh").factory());
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
            if (!current.fetchedAt.plus(maxAge).isAfter(clock.instant()) && inFlight == null) {
                // Past max-age: the scheduled refresh failed or the clock jumped; ask again, without waiting.
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

    /** Stops the background refresh. */
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

    /** Waits for {@code fetch} until {@link #KEY_WAIT} after it started; a null fetch (none allowed) is not waited for. */
    private static void awaitFetch(Fetch fetch) {
        if (fetch == null) {
            return;
        }
        long remaining = fetch.startedNanos + KEY_WAIT.toNanos() - System.nanoTime();
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
        Instant last = lastStart;
        if (last != null && clock.instant().isBefore(last.plus(minRefreshInterval))) {
            return null;
        }
        synchronized (this) {
            current = inFlight;
            if (current != null) {
                return current;
            }
            Instant now = clock.instant();
            if (lastStart != null && now.isBefore(lastStart.plus(minRefreshInterval))) {
                return null;
            }
            lastStart = now;
            Fetch fetch = new Fetch(System.nanoTime(), new CompletableFuture<>());
            inFlight = fetch;
            try {
                refresher.execute(() -> run(fetch, now));
            } catch (RejectedExecutionException e) {
                inFlight = null; // closed: the server is stopping
                fetch.done.complete(null);
            }
            return fetch;
        }
    }

    /** The refresher thread: one fetch, then the next refresh is scheduled (ahead of max-age, or a retry). */
    private void run(Fetch fetch, Instant startedAt) {
        Snapshot fetched = null;
        String failure = null;
        try {
            fetched = new Snapshot(fetch(), startedAt);
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
            schedule(minRefreshInterval.plus(MIN_RETRY_DELAY));
        }
    }

    /** Four fifths of max-age, but not sooner than the refresh limit allows. */
    private Duration refreshAhead() {
        Duration ahead = maxAge.multipliedBy(4).dividedBy(5);
        return ahead.compareTo(minRefreshInterval) < 0 ? minRefreshInterval : ahead;
    }

    /** Doubles with each failure in a row, from the refresh limit up to a minute (or max-age, when shorter). */
    private Duration retryDelay() {
        Duration base = minRefreshInterval.compareTo(MIN_RETRY_DELAY) < 0 ? MIN_RETRY_DELAY : minRefreshInterval;
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
        lastWarning = null;
    }

    private void failed(String why) {
        failures.incrementAndGet();
        failuresInARow++;
        Instant now = clock.instant();
        if (lastWarning == null || !now.isBefore(lastWarning.plus(WARNING_INTERVAL))) {
            lastWarning = now;
            LOGGER.log(Level.WARNING, "Could not fetch signing keys from " + jwksUri + " (" + why + "); "
                                      + failuresInARow + " failed attempt(s) in a row; "
                                      + (snapshot != null ? "the cached keys stay in use" : "no keys held yet")
                                      + "; retrying in " + retryDelay().toMillis() + " ms");
        }
    }

    /** What went wrong, without the exception's own text (which may quote what the issuer sent). */
    private static String describe(Exception e) {
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "timed out after " + FETCH_TIMEOUT.toSeconds() + " s";
        }
        if (e instanceof UnexpectedStatus status) {
            return "status " + status.status;
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

    private JwkKeys fetch() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(jwksUri)
                .timeout(FETCH_TIMEOUT)
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new UnexpectedStatus(response.statusCode());
        }
        try (var reader = Json.createReader(new StringReader(response.body()))) {
            return JwkKeys.create(reader.readObject());
        }
    }

    private static final class UnexpectedStatus extends IOException {
        private static final long serialVersionUID = 1L;
        private final int status;

        UnexpectedStatus(int status) {
            super("status " + status);
            this.status = status;
        }
    }
}
