package com.example.hello;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.example.hello.support.Http;
import com.example.hello.support.Management;
import com.example.hello.support.RawHttp;
import com.example.hello.support.TestIssuer;

import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;

import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/**
 * A bounded slowloris against a server with a small connection limit and short deadlines: the server holds no more
 * than the limit, a new client takes the place of the oldest half-open connection, half-open ones are closed by the
 * head deadline, a client that never reads by the write deadline,
 * an idle kept-alive one by the idle timeout, each counted; and a normal client is served right after.
 */
@HelidonTest
class HostileConnectionsTest {
    private static final int LIMIT = 300;
    private static final int ATTACK = 2_000;
    private static final double DEADLINE_SECONDS = 2;
    /** Generous: the deadlines are checked every 200 ms (Helidon's idle timeout every 0.5 s), and the machine is shared. */
    private static final double MARGIN_SECONDS = 8;
    private static final byte[] HALF_HEAD =
            "GET /api/messages/public HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.US_ASCII);

    private final URI base;
    private final Http http;

    @Inject
    HostileConnectionsTest(WebTarget target) {
        this.base = target.getUri();
        this.http = new Http(base);
    }

    @AddConfigSource
    static ConfigSource config() {
        return TestIssuer.shared().config(Map.of("connections.max", String.valueOf(LIMIT),
                                                 "connections.request-head-timeout", "PT2S",
                                                 "connections.write-timeout", "PT2S",
                                                 "connections.request-body-timeout", "PT2S",
                                                 // no minimum age: the oldest half-open makes room at once
                                                 // (ConnectionLimitTest covers the minimum age)
                                                 "connections.eviction-min-age", "PT0S",
                                                 "server.idle-connection-timeout", "PT2S",
                                                 "server.idle-connection-period", "PT0.5S"));
    }

    @Test
    void aSlowlorisHoldsNoMoreThanTheLimit() throws IOException {
        long closedBefore = closedCount("over_limit") + closedCount("evicted") + closedCount("head_timeout");
        List<Socket> sockets = halfOpen(ATTACK);
        try {
            // evicted connections make room once their thread has ended: a quarter more, for a moment, at most
            assertThat("held by the server", gauge("connections_open"), lessThanOrEqualTo((long) LIMIT + LIMIT / 4));
            long closed = 0;
            long deadline = System.nanoTime() + (long) (MARGIN_SECONDS * 1e9);
            while (closed < ATTACK - LIMIT - LIMIT / 4 && System.nanoTime() < deadline) {
                sleep(0.2); // accepted connections wait for a thread of their own before they are closed
                closed = closedCount("over_limit") + closedCount("evicted") + closedCount("head_timeout") - closedBefore;
            }
            assertThat("closed and counted", closed, greaterThanOrEqualTo((long) ATTACK - LIMIT - LIMIT / 4));
        } finally {
            closeAll(sockets);
        }
    }

    @Test
    void aNewClientTakesThePlaceOfTheOldestHalfOpenConnection() throws IOException {
        long evictedBefore = closedCount("evicted");
        List<Socket> sockets = halfOpen(LIMIT);
        try {
            assertThat("served during the attack", http.get("/api/messages/public").statusCode(), is(200));
            assertThat("the oldest made room", closedWithinMillis(sockets.getFirst(), 2_000), is(true));
            assertThat("a recent one still open", closedWithinMillis(sockets.getLast(), 1), is(false));
            assertThat("counted", closedCount("evicted") - evictedBefore, greaterThanOrEqualTo(1L));
        } finally {
            closeAll(sockets);
        }
    }

    @Test
    void halfOpenConnectionsAreClosedByTheHeadDeadline() throws IOException {
        long before = closedCount("head_timeout");
        long opened = System.nanoTime();
        List<Socket> sockets = halfOpen(LIMIT - 50);
        try {
            for (Socket socket : sockets) {
                double left = DEADLINE_SECONDS + MARGIN_SECONDS - (System.nanoTime() - opened) / 1e9;
                assertThat("closed by the deadline", RawHttp.closedWithin(socket, Math.max(left, 0.001)), is(true));
            }
            assertThat("counted", closedCount("head_timeout") - before, greaterThanOrEqualTo((long) LIMIT - 50));
        } finally {
            closeAll(sockets);
        }
    }

    @Test
    void aNormalClientIsServedRightAfterASlowloris() throws IOException {
        long opened = System.nanoTime();
        List<Socket> sockets = halfOpen(ATTACK);
        try {
            for (Socket socket : sockets) { // until the deadline has closed them all
                double left = DEADLINE_SECONDS + MARGIN_SECONDS - (System.nanoTime() - opened) / 1e9;
                RawHttp.closedWithin(socket, Math.max(left, 0.001));
            }
        } finally {
            closeAll(sockets);
        }
        long start = System.nanoTime();
        assertThat(http.get("/api/messages/public").statusCode(), is(200));
        // bench/slowloris measures the real figure; here only a bound that a loaded, shared machine keeps
        assertThat("seconds to serve", (System.nanoTime() - start) / 1e9, lessThan(MARGIN_SECONDS));
    }

    @Test
    void aClientThatNeverReadsIsClosedByTheWriteDeadline() throws IOException {
        long before = closedCount("write_timeout");
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096); // before connecting, so the window stays small
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()));
            String request = "GET /docs/swagger-ui-bundle.js HTTP/1.1\r\nHost: localhost\r\n\r\n";
            socket.getOutputStream().write(request.repeat(20).getBytes(StandardCharsets.US_ASCII));
            // read nothing: the server's writes block once the buffers are full
            sleep(DEADLINE_SECONDS + MARGIN_SECONDS);
            assertThat("counted", closedCount("write_timeout") - before, is(1L));
            assertThat("closed", RawHttp.closedWithin(socket, MARGIN_SECONDS), is(true));
        }
    }

    @Test
    void aBodyThatNeverComesIsClosedByTheBodyDeadlineAfterTheAnswer() throws IOException {
        long before = closedCount("body_timeout");
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout((int) (MARGIN_SECONDS * 1000));
            socket.getOutputStream().write("GET /api/messages/public HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1\r\n\r\n"
                                                   .getBytes(StandardCharsets.US_ASCII));
            assertThat(RawHttp.read(socket).statusLine(), is("HTTP/1.1 200 OK"));
            long answered = System.nanoTime();
            // Helidon now waits to read and drop the announced body: that wait has the body deadline
            assertThat("closed", RawHttp.closedWithin(socket, DEADLINE_SECONDS + MARGIN_SECONDS), is(true));
            assertThat("not before the deadline (checked every 0.2 s)", (System.nanoTime() - answered) / 1e9,
                       greaterThanOrEqualTo(DEADLINE_SECONDS - 0.3));
            assertThat("counted", closedCount("body_timeout") - before, is(1L));
        }
    }

    @Test
    void anIdleKeptAliveConnectionIsClosedAfterTheIdleTimeout() throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.getOutputStream().write("GET /api/messages/public HTTP/1.1\r\nHost: localhost\r\n\r\n"
                                                   .getBytes(StandardCharsets.US_ASCII));
            long answered = System.nanoTime();
            assertThat("closed", RawHttp.closedWithin(socket, DEADLINE_SECONDS + MARGIN_SECONDS), is(true));
            assertThat("kept at least the idle timeout (1 s resolution)", (System.nanoTime() - answered) / 1e9,
                       greaterThanOrEqualTo(DEADLINE_SECONDS - 1));
        }
    }

    @Test
    void theOpenConnectionsAreAGauge() {
        long open = gauge("connections_open");
        // this request's connection at least; the client may keep a few more
        assertThat(open, greaterThanOrEqualTo(1L));
        assertThat(open, lessThanOrEqualTo((long) LIMIT));
    }

    /** Opens connections that each send the start of a request head and nothing more. */
    private List<Socket> halfOpen(int count) throws IOException {
        List<Socket> sockets = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Socket socket = new Socket(base.getHost(), base.getPort());
            sockets.add(socket);
            try {
                socket.getOutputStream().write(HALF_HEAD);
            } catch (SocketException e) {
                // already closed by the server: over the limit
            }
        }
        return sockets;
    }

    private static boolean closedWithinMillis(Socket socket, int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            InputStream in = socket.getInputStream();
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }

    private static void closeAll(List<Socket> sockets) {
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void sleep(double seconds) {
        try {
            Thread.sleep((long) (seconds * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private long gauge(String name) {
        return Management.http().get("/metrics").body().lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private long closedCount(String reason) {
        return Management.http().get("/metrics").body().lines()
                .filter(line -> line.startsWith("connections_closed_total{")
                        && line.contains("reason=\"" + reason + "\""))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
