package com.example.hello.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import com.example.hello.support.LogCapture;
import com.example.hello.support.MutableClock;
import com.example.hello.support.TestIssuer;

import io.helidon.security.jwt.jwk.JwkKeys;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.sameInstance;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The issuer's keys are fetched in the background: a key already held never waits for the issuer, whatever it does;
 * an unknown key waits a bounded time; the keys are refreshed ahead of max-age, and after a failure, without traffic.
 * Every fetch is bounded in time and size: an answer that stalls, trickles or grows past the limit is a failed fetch.
 */
class JwksKeySourceTest {
    private static final Duration MAX_AGE = Duration.ofMinutes(10);
    /** What no log line may hold: a body's text, here in the modulus of a key that is not base64url. */
    private static final String LEAK_MARKER = "LEAK-7f3a9c";
    /** A JWKS in shape, whose key cannot be read: its modulus is not base64url. */
    private static final String GARBAGE_JWKS = "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\","
            + "\"kid\":\"key-1\",\"n\":\"" + LEAK_MARKER + "+/not=base64url\",\"e\":\"AQAB\"}]}";
    private TestIssuer issuer;
    private JwksKeySource keys;

    @BeforeEach
    void startIssuer() {
        issuer = TestIssuer.start();
    }

    @AfterEach
    void stop() {
        issuer.hanging(false);
        if (keys != null) {
            keys.close();
        }
        issuer.close();
    }

    @Test
    void aKeyHeldIsServedAtOnceWhileTheIssuerHangsPastMaxAge() throws Exception {
        keys = source(issuer.jwksUrl(), Duration.ofMillis(100), Duration.ofMillis(500));
        awaitTrue("keys loaded", keys::holdsKeys);
        issuer.hanging(true);
        int fetchesBefore = issuer.jwksFetches();
        Thread.sleep(700); // past max-age

        long slowest = 0;
        for (int i = 0; i < 200; i++) {
            long start = System.nanoTime();
            keys.keysHolding("key-1");
            slowest = Math.max(slowest, System.nanoTime() - start);
        }

        // A lookup that waited for the hanging issuer would take the fetch's 2 s; 900 ms leaves a loaded machine room
        assertThat("slowest lookup (ms)", slowest / 1_000_000, lessThan(900L));
        awaitTrue("a refresh was tried", () -> issuer.jwksFetches() > fetchesBefore);
        assertThat("still available", keys.keysAvailable(), is(true));
    }

    @Test
    void anUnknownKeyWaitsAboutASecondForAHangingIssuerThenIsRefused() {
        keys = source(issuer.jwksUrl(), Duration.ofMillis(100), Duration.ofMinutes(10));
        awaitTrue("keys loaded", keys::holdsKeys);
        issuer.hanging(true);
        sleep(150); // past the refresh limit

        long start = System.nanoTime();
        TokenRejection reason = rejection("key-that-does-not-exist");
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(reason, is(TokenRejection.UNKNOWN_KEY));
        assertThat("waited for the fetch in flight (ms)", millis, greaterThanOrEqualTo(900L));
        assertThat("but not for the issuer's timeout (ms)", millis, lessThan(1_800L));
    }

    @Test
    void withoutKeysAHangingIssuerMeansUnavailableInBoundedTimeAndFastAfterwards() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // Nothing accepts: the kernel completes the handshake, and no byte ever comes back.
            keys = source("http://127.0.0.1:" + silent.getLocalPort() + "/.well-known/jwks.json",
                          Duration.ofSeconds(5), Duration.ofMinutes(10));

            long start = System.nanoTime();
            TokenRejection first = rejection("key-1");
            long firstMillis = (System.nanoTime() - start) / 1_000_000;
            start = System.nanoTime();
            TokenRejection second = rejection("key-1");
            long secondMillis = (System.nanoTime() - start) / 1_000_000;

            assertThat(first, is(TokenRejection.KEYS_UNAVAILABLE));
            assertThat("first request (ms)", firstMillis, lessThan(1_800L));
            assertThat(second, is(TokenRejection.KEYS_UNAVAILABLE));
            assertThat("second request, within the refresh limit (ms)", secondMillis, lessThan(300L));
        }
    }

    @Test
    void keysAreRefreshedAheadOfMaxAgeWithoutTraffic() {
        keys = source(issuer.jwksUrl(), Duration.ofMillis(100), Duration.ofSeconds(2));
        awaitTrue("keys loaded", keys::holdsKeys);
        int fetchesAfterFirst = issuer.jwksFetches();

        sleep(3_700);

        // ahead of max-age, at four fifths: at 1.6 s and 3.2 s; a refresh at max-age would fetch once (2.0 s) by now
        assertThat("fetches without any request", issuer.jwksFetches() - fetchesAfterFirst, greaterThanOrEqualTo(2));
    }

    @Test
    void aRotatedKeyIsFetchedForTheFirstTokenThatNamesIt() throws TokenRejectedException {
        keys = source(issuer.jwksUrl(), Duration.ofMillis(100), Duration.ofMinutes(10));
        awaitTrue("keys loaded", keys::holdsKeys);
        issuer.rotate("key-2");
        sleep(150); // past the refresh limit

        assertThat(keys.keysHolding("key-2").forKeyId("key-2").isPresent(), is(true));
    }

    @Test
    void anIssuerDownAtStartIsRetriedUntilItAnswersWithoutTraffic() {
        issuer.available(false);
        keys = source(issuer.jwksUrl(), Duration.ofMillis(100), Duration.ofMinutes(10));
        assertThat("no keys while the issuer answers 503", keys.keysAvailable(), is(false));
        int fetchesWhileDown = issuer.jwksFetches();
        sleep(500);
        assertThat("retried in the background", issuer.jwksFetches(), greaterThan(fetchesWhileDown));

        issuer.available(true);
        // retries double from 100 ms: within a few seconds one succeeds
        awaitTrue("keys fetched by a retry", keys::holdsKeys);
    }

    @Test
    void aFloodOfUnknownKeysFetchesAtMostOncePerInterval() {
        keys = source(issuer.jwksUrl(), Duration.ofSeconds(1), Duration.ofMinutes(10));
        awaitTrue("keys loaded", keys::holdsKeys);
        int fetchesBefore = issuer.jwksFetches();

        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_500);
        int refused = 0;
        while (System.nanoTime() < end) {
            if (rejection("made-up-" + refused) == TokenRejection.UNKNOWN_KEY) {
                refused++;
            }
        }

        assertThat("unknown keys refused", refused, greaterThan(100));
        assertThat("fetches in 1.5 s with a 1 s limit", issuer.jwksFetches() - fetchesBefore, lessThan(3));
    }

    @Test
    void aBodyThatStallsAfterTheHeadersIsAFailedFetchWithinTheFetchTimeout() throws Exception {
        try (RawIssuer stalling = new RawIssuer(out -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
                       + "{\"keys\":[").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }); LogCapture log = LogCapture.start()) {
            long start = System.nanoTime();
            keys = source(stalling.jwksUrl(), Duration.ofMinutes(1), Duration.ofMinutes(10));
            Object fetched = keys.fetchInFlight().get(JwksKeySource.FETCH_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertThat("no keys", fetched, is(nullValue()));
            assertThat("ended by the fetch timeout, not later (ms)", millis,
                       lessThan(JwksKeySource.FETCH_TIMEOUT.toMillis() + 5_000));
            awaitTrue("the failure counted", () -> keys.failedFetches() > 0);
            assertThat("failures counted", keys.failedFetches(), is(1L));
            assertThat("successes counted", keys.successfulFetches(), is(0L));
            assertThat(log.awaitLine("Could not fetch signing keys"),
                       containsString("(no complete answer within 2 s); 1 failed attempt(s) in a row"));
            assertThat("the connection was closed", stalling.awaitClosedByClient(), is(true));
        }
    }

    @Test
    void aBodyThatTricklesIsCutAtTheFetchTimeoutThoughEachReadIsQuick() throws Exception {
        try (RawIssuer trickling = new RawIssuer(out -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 1000; i++) { // 1000 bytes, one per 50 ms: 50 s in all
                out.write(' ');
                out.flush();
                sleep(50);
            }
        })) {
            keys = source(trickling.jwksUrl(), Duration.ofMinutes(1), Duration.ofMinutes(10));
            Object fetched = keys.fetchInFlight().get(JwksKeySource.FETCH_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);

            assertThat("no keys", fetched, is(nullValue()));
            awaitTrue("the failure counted", () -> keys.failedFetches() > 0);
            assertThat("failures counted", keys.failedFetches(), is(1L));
            assertThat("the connection was closed", trickling.awaitClosedByClient(), is(true));
        }
    }

    @Test
    void anAnswerAnnouncedLargerThanTheLimitIsRefusedWithoutReadingIt() throws Exception {
        try (RawIssuer huge = new RawIssuer(out -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 104857600\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }); LogCapture log = LogCapture.start()) {
            assertOneFetchFailedAsTooLarge(huge, log);
        }
    }

    @Test
    void aChunkedAnswerThatGrowsPastTheLimitIsCutThere() throws Exception {
        byte[] chunk = ("1000\r\n" + " ".repeat(0x1000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        try (RawIssuer endless = new RawIssuer(out -> {
            out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 100_000; i++) { // up to 400 MiB, as fast as the client reads
                out.write(chunk);
            }
        }); LogCapture log = LogCapture.start()) {
            assertOneFetchFailedAsTooLarge(endless, log);
        }
    }

    /** A source fetching from {@code issuer} once: the fetch fails as too large, is counted and logged so. */
    private void assertOneFetchFailedAsTooLarge(RawIssuer issuer, LogCapture log) throws Exception {
        keys = source(issuer.jwksUrl(), Duration.ofMinutes(1), Duration.ofMinutes(10));
        keys.fetchInFlight().get(JwksKeySource.FETCH_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);

        awaitTrue("the failure counted", () -> keys.failedFetches() > 0);
        assertThat("failures counted", keys.failedFetches(), is(1L));
        assertThat(log.awaitLine("Could not fetch signing keys"), containsString("(answer larger than 64 KiB)"));
    }

    @Test
    void aRefreshThatFindsTheSameKeysKeepsTheSameKeySet() throws Exception {
        keys = source(issuer.jwksUrl(), Duration.ofMillis(100), Duration.ofMillis(500));
        awaitTrue("keys loaded", keys::holdsKeys);
        JwkKeys first = keys.keysHolding("key-1");
        long successes = keys.successfulFetches();

        awaitTrue("refreshed ahead of max-age", () -> keys.successfulFetches() > successes);
        assertThat("unchanged keys, same key set", keys.keysHolding("key-1"), is(sameInstance(first)));

        issuer.rotate("key-2");
        long beforeRotation = keys.successfulFetches();
        awaitTrue("refreshed after the rotation", () -> keys.successfulFetches() > beforeRotation);
        assertThat("changed keys, a new key set", keys.keysHolding("key-1"), is(not(sameInstance(first))));
    }

    @Test
    void aKeyHeldIsServedAtOnceWhileTheIssuerRefusesConnections() throws TokenRejectedException {
        MutableClock clock = new MutableClock(Instant.now());
        JwkKeys held = keysLoaded(clock);
        issuer.close(); // its port now refuses connections

        assertHeldKeyServedAtOnceAndFetchFailed(clock, held);
    }

    @Test
    void aKeyHeldIsServedAtOnceWhileTheIssuerAnswersSlowerThanTheFetchTimeout() throws TokenRejectedException {
        MutableClock clock = new MutableClock(Instant.now());
        JwkKeys held = keysLoaded(clock);
        issuer.slow(JwksKeySource.FETCH_TIMEOUT.plusSeconds(1));

        assertHeldKeyServedAtOnceAndFetchFailed(clock, held);
    }

    @Test
    void aKeyHeldIsServedAtOnceWhileTheIssuerAnswersGarbage() throws TokenRejectedException {
        MutableClock clock = new MutableClock(Instant.now());
        JwkKeys held = keysLoaded(clock);
        issuer.answering(GARBAGE_JWKS);

        assertHeldKeyServedAtOnceAndFetchFailed(clock, held);
    }

    /** A source on {@code clock}, once it holds the issuer's keys: what it holds. */
    private JwkKeys keysLoaded(MutableClock clock) throws TokenRejectedException {
        keys = new JwksKeySource(URI.create(issuer.jwksUrl()), Duration.ofMillis(100), MAX_AGE, clock::nanoTime,
                                 new RecordingRefresher());
        KeysLoaded.await(keys);
        return keys.keysHolding("key-1");
    }

    /**
     * Past max-age, a lookup of the held key starts a fetch and returns before it ends; the fetch fails, and the keys
     * held before stay in use.
     */
    private void assertHeldKeyServedAtOnceAndFetchFailed(MutableClock clock, JwkKeys held)
            throws TokenRejectedException {
        clock.advance(MAX_AGE.plusSeconds(1));

        long start = System.nanoTime();
        JwkKeys served = keys.keysHolding("key-1");
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat("the held keys", served, is(sameInstance(held)));
        // waiting for the fetch would take KEY_WAIT (1 s) or until the fetch failed, whichever came first
        assertThat("served without waiting for the issuer (ms)", millis, lessThan(900L));
        awaitTrue("the fetch it started failed, and was counted", () -> keys.failedFetches() == 1);
        assertThat("successes", keys.successfulFetches(), is(1L));
        assertThat("the held keys, after the failure", keys.keysHolding("key-1"), is(sameInstance(held)));
    }

    @Test
    void aFailedFetchIsLoggedWithTheFixedDescriptionOnlyNeverWhatTheIssuerSent() throws Exception {
        try (LogCapture log = LogCapture.start()) {
            issuer.answering(GARBAGE_JWKS);
            keys = source(issuer.jwksUrl(), Duration.ofMinutes(1), MAX_AGE);
            keys.fetchInFlight().get(JwksKeySource.FETCH_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
            awaitTrue("the answer handled", () -> keys.failedFetches() + keys.successfulFetches() == 1);

            for (String line : log.lines()) {
                assertThat(line, not(containsString(LEAK_MARKER)));
                assertThat(line, not(containsString("AQAB")));
            }
            assertThat("a failed fetch", keys.failedFetches(), is(1L));
            log.awaitLine("Could not fetch signing keys"); // logged just after the failure is counted
            List<LogRecord> warnings = warnings(log);
            assertThat("one warning", warnings.size(), is(1));
            assertThat(warnings.getFirst().getMessage(), is(
                    "Could not fetch signing keys from " + issuer.jwksUrl() + " (not a valid JWKS); 1 failed "
                            + "attempt(s) in a row; no keys held yet; retrying in 60000 ms"));
            assertThat("no exception attached", warnings.getFirst().getThrown(), is(nullValue()));
        }
    }

    @Test
    void aKeyThatCannotBeReadIsLeftOutCountedInAWarningAndTheOthersAreUsed() throws Exception {
        JsonObject published;
        try (HttpClient client = HttpClient.newHttpClient();
             JsonReader reader = Json.createReader(new StringReader(client.send(
                     HttpRequest.newBuilder(URI.create(issuer.jwksUrl())).build(),
                     HttpResponse.BodyHandlers.ofString()).body()))) {
            published = reader.readObject();
        }
        JsonObject unreadable = Json.createReader(new StringReader(GARBAGE_JWKS)).readObject().getJsonArray("keys")
                .getJsonObject(0);
        issuer.answering(Json.createObjectBuilder().add("keys", Json.createArrayBuilder(published.getJsonArray("keys"))
                .add(Json.createObjectBuilder(unreadable).add("kid", "key-9"))).build().toString());

        try (LogCapture log = LogCapture.start()) {
            keys = source(issuer.jwksUrl(), Duration.ofMillis(100), MAX_AGE);
            awaitTrue("keys loaded", keys::holdsKeys);

            assertThat("the readable key", keys.keysHolding("key-1").forKeyId("key-1").isPresent(), is(true));
            assertThat("the unreadable one", rejection("key-9"), is(TokenRejection.UNKNOWN_KEY));
            assertThat(messages(warnings(log)), is(List.of(
                    "1 of the 2 signing keys from " + issuer.jwksUrl() + " could not be read and are left out; "
                            + "tokens signed with them are refused")));
            for (String line : log.lines()) {
                assertThat(line, not(containsString(LEAK_MARKER)));
            }
        }
    }

    @Test
    void retriesStartAtTheRefreshLimitAndDoubleUpToAMinuteApart() {
        MutableClock clock = new MutableClock(Instant.now());
        RecordingRefresher refresher = new RecordingRefresher();
        issuer.available(false);
        startKeys(clock, refresher);
        for (int failures = 2; failures <= 7; failures++) {
            clock.advance(Duration.ofSeconds(5)); // past the refresh limit: the next fetch may start
            assertThat("keys", keys.keysAvailable(), is(false));
            refresher.awaitDelays(failures);
        }

        assertThat(refresher.delays(), is(seconds(5, 10, 20, 40, 60, 60, 60)));
        assertThat("failures counted", keys.failedFetches(), is(7L));
    }

    @Test
    void aSuccessStartsTheRetriesOverFromTheRefreshLimit() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        RecordingRefresher refresher = new RecordingRefresher();
        issuer.available(false);
        startKeys(clock, refresher);
        for (int failures = 2; failures <= 3; failures++) {
            clock.advance(Duration.ofSeconds(5));
            keys.keysAvailable();
            refresher.awaitDelays(failures);
        }

        issuer.available(true);
        clock.advance(Duration.ofSeconds(5));
        assertThat("keys", keys.keysAvailable(), is(true));
        refresher.awaitDelays(4);
        issuer.available(false);
        clock.advance(Duration.ofSeconds(5));
        assertThat(rejection("key-2"), is(TokenRejection.UNKNOWN_KEY)); // its fetch fails
        refresher.awaitDelays(5);

        assertThat("retries, the refresh ahead of max-age (four fifths), then a retry from the start",
                   refresher.delays(), is(List.of(Duration.ofSeconds(5), Duration.ofSeconds(10),
                                                  Duration.ofSeconds(20), Duration.ofMinutes(8),
                                                  Duration.ofSeconds(5))));
    }

    @Test
    void failuresAreLoggedAtTheFirstThenAtMostOnceAMinute() throws TokenRejectedException {
        MutableClock clock = new MutableClock(Instant.now());
        RecordingRefresher refresher = new RecordingRefresher();
        startKeys(clock, refresher);
        issuer.available(false);
        try (LogCapture log = LogCapture.start()) {
            clock.advance(MAX_AGE.plusSeconds(1));
            failAgain(refresher, 1);
            assertThat("the first failure", messages(warnings(log)), is(List.of(
                    "Could not fetch signing keys from " + issuer.jwksUrl() + " (status 503); 1 failed attempt(s) "
                            + "in a row; the cached keys stay in use; retrying in 5000 ms")));

            clock.advance(Duration.ofSeconds(30));
            failAgain(refresher, 2);
            clock.advance(Duration.ofSeconds(20));
            failAgain(refresher, 3);
            assertThat("failures within the minute", warnings(log).size(), is(1));

            clock.advance(Duration.ofSeconds(10)); // a minute after the first warning
            failAgain(refresher, 4);
            assertThat("a minute later", messages(warnings(log)).getLast(), is(
                    "Could not fetch signing keys from " + issuer.jwksUrl() + " (status 503); 4 failed attempt(s) "
                            + "in a row; the cached keys stay in use; retrying in 40000 ms"));
            assertThat("warnings", warnings(log).size(), is(2));
        }
    }

    @Test
    void aRecoveryIsLoggedAndTheNextFailureWarnsAtOnce() throws TokenRejectedException {
        MutableClock clock = new MutableClock(Instant.now());
        RecordingRefresher refresher = new RecordingRefresher();
        startKeys(clock, refresher);
        issuer.available(false);
        try (LogCapture log = LogCapture.start()) {
            clock.advance(MAX_AGE.plusSeconds(1));
            failAgain(refresher, 1);
            clock.advance(Duration.ofSeconds(5));
            failAgain(refresher, 2);

            issuer.available(true);
            clock.advance(Duration.ofSeconds(5));
            keys.keysHolding("key-1");
            refresher.awaitDelays(4); // scheduled once the success was counted and logged
            assertThat("successes", keys.successfulFetches(), is(2L));
            assertThat(messages(records(log, Level.INFO)), is(List.of(
                    "Signing keys fetched from " + issuer.jwksUrl() + " again, after 2 failed attempt(s)")));

            issuer.available(false);
            clock.advance(Duration.ofSeconds(5));
            assertThat(rejection("key-2"), is(TokenRejection.UNKNOWN_KEY)); // its fetch fails
            refresher.awaitDelays(5);
            assertThat("warnings: the first failure, and the first after the recovery, within the minute",
                       warnings(log).size(), is(2));
            assertThat(messages(warnings(log)).getLast(), is(
                    "Could not fetch signing keys from " + issuer.jwksUrl() + " (status 503); 1 failed attempt(s) "
                            + "in a row; the cached keys stay in use; retrying in 5000 ms"));
        }
    }

    /**
     * Keys with a 5 s refresh limit on the test's clock and refresher; returns once the first fetch has ended and
     * scheduled the next (a retry, or the refresh ahead of max-age).
     */
    private void startKeys(MutableClock clock, RecordingRefresher refresher) {
        keys = new JwksKeySource(URI.create(issuer.jwksUrl()), Duration.ofSeconds(5), MAX_AGE, clock::nanoTime,
                                 refresher);
        refresher.awaitDelays(1);
    }

    /**
     * A lookup of the held key past max-age starts a fetch, which fails: the {@code count}-th failure. Waits for the
     * retry it schedules, which comes after the failure was counted and logged.
     */
    private void failAgain(RecordingRefresher refresher, long count) throws TokenRejectedException {
        int scheduled = refresher.delays().size();
        keys.keysHolding("key-1");
        refresher.awaitDelays(scheduled + 1);
        assertThat("failures", keys.failedFetches(), is(count));
    }

    private static List<LogRecord> warnings(LogCapture log) {
        return records(log, Level.WARNING);
    }

    private static List<LogRecord> records(LogCapture log, Level level) {
        return log.records().stream()
                .filter(r -> JwksKeySource.class.getName().equals(r.getLoggerName()) && r.getLevel() == level)
                .toList();
    }

    private static List<String> messages(List<LogRecord> records) {
        return records.stream().map(LogRecord::getMessage).toList();
    }

    private static List<Duration> seconds(long... values) {
        return java.util.Arrays.stream(values).mapToObj(Duration::ofSeconds).toList();
    }

    /**
     * The refresher thread, which runs each fetch and records the delay of every later refresh it is asked to
     * schedule without ever running one: the test starts each fetch itself, so each delay follows a known outcome.
     */
    private static final class RecordingRefresher extends ScheduledThreadPoolExecutor {
        private final List<Duration> delays = new CopyOnWriteArrayList<>();

        RecordingRefresher() {
            super(1, Thread.ofPlatform().daemon().name("jwks-refresh-recorded").factory());
        }

        @Override
        public void execute(Runnable command) {
            super.schedule(command, 0, TimeUnit.NANOSECONDS);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            delays.add(Duration.ofNanos(unit.toNanos(delay)));
            return super.schedule(() -> { }, 1, TimeUnit.DAYS); // cancellable, never due within a test
        }

        List<Duration> delays() {
            return List.copyOf(delays);
        }

        void awaitDelays(int count) {
            awaitTrue(count + " refreshes scheduled", () -> delays.size() >= count);
            assertThat("refreshes scheduled " + delays, delays.size(), is(count));
        }
    }

    private JwksKeySource source(String url, Duration minRefresh, Duration maxAge) {
        return new JwksKeySource(URI.create(url), minRefresh, maxAge);
    }

    /** What a raw issuer writes on each connection, after reading the request head. */
    private interface Answer {
        void write(OutputStream out) throws IOException;
    }

    /**
     * An issuer on 127.0.0.1 that answers each connection with raw bytes and then keeps it open, reading, to see when
     * the client closes it.
     */
    private static final class RawIssuer implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final CountDownLatch closedByClient = new CountDownLatch(1);
        private final Thread acceptor;

        RawIssuer(Answer answer) throws IOException {
            acceptor = Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket socket = server.accept();
                        Thread.ofVirtual().start(() -> serve(socket, answer));
                    } catch (IOException e) {
                        return; // closed
                    }
                }
            });
        }

        String jwksUrl() {
            return "http://127.0.0.1:" + server.getLocalPort() + "/.well-known/jwks.json";
        }

        private void serve(Socket socket, Answer answer) {
            try (socket) {
                InputStream in = socket.getInputStream();
                readHead(in);
                try {
                    answer.write(socket.getOutputStream());
                } catch (IOException e) {
                    closedByClient.countDown(); // the client closed while this was writing
                    return;
                }
                socket.setSoTimeout(60_000);
                while (in.read() >= 0) {
                    // nothing more is expected
                }
                closedByClient.countDown();
            } catch (IOException e) {
                closedByClient.countDown(); // reset by the client
            }
        }

        private static void readHead(InputStream in) throws IOException {
            int matched = 0;
            byte[] end = {'\r', '\n', '\r', '\n'};
            while (matched < end.length) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("closed before the head ended");
                }
                matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            }
        }

        /** @return whether the client closed a connection within ten seconds */
        boolean awaitClosedByClient() throws InterruptedException {
            return closedByClient.await(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws IOException {
            server.close();
            acceptor.interrupt();
        }
    }

    private TokenRejection rejection(String keyId) {
        return assertThrows(TokenRejectedException.class, () -> keys.keysHolding(keyId)).reason();
    }

    private static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(what + " within 10 s", System.nanoTime() < deadline, is(true));
            LockSupport.parkNanos(20_000_000);
        }
    }

    private static void sleep(long millis) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis));
    }
}
