package com.example.hello.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import com.example.hello.support.LogCapture;
import com.example.hello.support.TestIssuer;

import io.helidon.security.jwt.jwk.JwkKeys;

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
            keys = source(huge.jwksUrl(), Duration.ofMinutes(1), Duration.ofMinutes(10));
            keys.fetchInFlight().get(JwksKeySource.FETCH_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);

            awaitTrue("the failure counted", () -> keys.failedFetches() > 0);
            assertThat("failures counted", keys.failedFetches(), is(1L));
            assertThat(log.awaitLine("Could not fetch signing keys"), containsString("(answer larger than 64 KiB)"));
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
            keys = source(endless.jwksUrl(), Duration.ofMinutes(1), Duration.ofMinutes(10));
            keys.fetchInFlight().get(JwksKeySource.FETCH_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);

            awaitTrue("the failure counted", () -> keys.failedFetches() > 0);
            assertThat("failures counted", keys.failedFetches(), is(1L));
            assertThat(log.awaitLine("Could not fetch signing keys"), containsString("(answer larger than 64 KiB)"));
        }
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
