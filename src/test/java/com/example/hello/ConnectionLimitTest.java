package com.example.hello;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.example.hello.connections.ConnectionSettings;
import com.example.hello.support.Management;
import com.example.hello.support.RawHttp;
import com.example.hello.support.TestIssuer;

import io.helidon.microprofile.server.ServerCdiExtension;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import io.helidon.webserver.WebServer;

import jakarta.enterprise.inject.spi.CDI;

import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/**
 * At {@code connections.max}: a new connection takes the place of the longest idle one; of a half-open one only once
 * that is older than the minimum age; when none can make room it is closed at once; each is counted. A connection
 * waiting for a request body counts as 1.6.
 */
@HelidonTest
class ConnectionLimitTest {
    private static final int LIMIT = 8;
    /** Connections waiting for a body that fill the limit: 5 count as 5 + 3 (1.6 each, rounded down). */
    private static final int BODY_WAITS_AT_THE_LIMIT = 5;
    private static final double MIN_AGE_SECONDS = 5;
    /** Generous: a loaded, shared machine. */
    private static final double MARGIN_SECONDS = 15;
    private static final String REQUEST = "GET /api/messages/public HTTP/1.1\r\nHost: localhost\r\n\r\n";
    private static final String BODY_NEVER_SENT =
            "GET /api/messages/public HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1\r\n\r\n";

    private final URI base;
    private final List<Socket> sockets = new ArrayList<>();

    @Inject
    ConnectionLimitTest(WebTarget target) {
        this.base = target.getUri();
    }

    @AddConfigSource
    static ConfigSource config() {
        return TestIssuer.shared().config(Map.of("connections.max", String.valueOf(LIMIT),
                                                 "connections.eviction-min-age", "PT" + MIN_AGE_SECONDS + "S",
                                                 "connections.request-body-timeout", "PT60S"));
    }

    /**
     * What the open-connections gauge shows before this class's first test: the request that reads it, and in the same
     * JVM what other test classes' stand-in connections left counted. -1 until read.
     */
    private static long openAtRest = -1;

    @BeforeEach
    void countOpenConnections() {
        if (openAtRest < 0) {
            openAtRest = metric("connections_open", "");
        }
    }

    @AfterEach
    void closeSockets() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        sockets.clear(); // Helidon's test extension keeps one instance of the class for all its tests
        // until the server has seen them end (the next test starts from an empty listener)
        long deadline = System.nanoTime() + (long) (MARGIN_SECONDS * 1e9);
        while (metric("connections_open", "") > openAtRest && System.nanoTime() < deadline) {
            sleep(0.1);
        }
    }

    /**
     * Helidon's own bound on accepted sockets, as the running server holds it: twice the heap's default
     * {@code connections.max}, whatever {@code connections.max} is set to (8 here).
     */
    @Test
    void theServerAcceptsTwiceTheDefaultConnectionLimit() throws ReflectiveOperationException {
        int defaultLimit = ConnectionSettings.from(ConfigProviderResolver.instance().getBuilder()
                .withSources(TestIssuer.aboveTheEnvironment("the shipped defaults", Map.of())).build())
                .maxConnections();
        assertThat("the set limit", ConnectionSettings.from(ConfigProvider.getConfig()).maxConnections(), is(LIMIT));
        assertThat("accepted sockets", runningServer().prototype().maxTcpConnections(), is(2 * defaultLimit));
    }

    /** Helidon MP gives no access to its server; its CDI extension holds it in a field. */
    private static WebServer runningServer() throws ReflectiveOperationException {
        ServerCdiExtension extension = CDI.current().getBeanManager().getExtension(ServerCdiExtension.class);
        Field server = ServerCdiExtension.class.getDeclaredField("webserver");
        server.setAccessible(true);
        return (WebServer) server.get(extension);
    }

    @Test
    void aNewConnectionTakesThePlaceOfTheLongestIdleOne() throws IOException {
        long before = closed("evicted_idle");
        for (int i = 0; i < LIMIT; i++) {
            Socket socket = open(REQUEST);
            assertThat(RawHttp.read(socket).statusLine(), is("HTTP/1.1 200 OK")); // then idle, kept alive
        }
        assertThat("served", RawHttp.getAndClose(base, "/api/messages/public"), startsWith("HTTP/1.1 200 OK"));
        assertThat("the longest idle made room", RawHttp.closedWithin(sockets.getFirst(), MARGIN_SECONDS), is(true));
        assertThat("a later one kept", RawHttp.closedWithin(sockets.getLast(), 0.001), is(false));
        assertThat("counted", closed("evicted_idle") - before, is(1L));
    }

    @Test
    void aHalfOpenConnectionMakesRoomOnlyOnceOlderThanTheMinimumAge() throws IOException {
        long evictedBefore = closed("evicted");
        long overBefore = closed("over_limit");
        long opened = System.nanoTime();
        for (int i = 0; i < LIMIT; i++) {
            open("GET /api/messages/public HTTP/1.1\r\nHost: localhost\r\n");
        }
        try (Socket refused = new Socket(base.getHost(), base.getPort())) {
            assertThat("closed at once", RawHttp.closedWithin(refused, MARGIN_SECONDS), is(true));
        }
        double refusedAt = (System.nanoTime() - opened) / 1e9;
        assertThat("the young half-open connection kept", RawHttp.closedWithin(sockets.getFirst(), 0.001), is(false));
        assertThat("refused counted", closed("over_limit") - overBefore, greaterThanOrEqualTo(1L));
        String answer = askUntilServed(); // until the oldest is old enough
        double servedAt = (System.nanoTime() - opened) / 1e9;
        assertThat("served once the oldest is old enough", answer, startsWith("HTTP/1.1 200 OK"));
        assertThat("(the refusal came before the minimum age)", refusedAt < MIN_AGE_SECONDS, is(true));
        assertThat("not before the minimum age, seconds", servedAt >= MIN_AGE_SECONDS, is(true));
        assertThat("the oldest made room", RawHttp.closedWithin(sockets.getFirst(), MARGIN_SECONDS), is(true));
        assertThat("counted", closed("evicted") - evictedBefore, is(1L));
    }

    @Test
    void aConnectionWaitingForABodyMakesRoomOnlyOnceOlderThanTheMinimumAge() throws IOException {
        long overBefore = closed("over_limit");
        long evictedBefore = closed("evicted_body");
        long opened = System.nanoTime();
        for (int i = 0; i < BODY_WAITS_AT_THE_LIMIT; i++) {
            Socket socket = open(BODY_NEVER_SENT);
            assertThat(RawHttp.read(socket).statusLine(), is("HTTP/1.1 200 OK")); // then its body is waited for
            if (i == 0) {
                sleep(1); // the first waits longest by a clear margin, whatever order the server's threads run in
            }
        }
        sleep(0.5); // the last wait begins just after its answer
        try (Socket refused = new Socket(base.getHost(), base.getPort())) {
            assertThat("closed at once", RawHttp.closedWithin(refused, MARGIN_SECONDS), is(true));
        }
        assertThat("(the refusal came before the minimum age)", (System.nanoTime() - opened) / 1e9 < MIN_AGE_SECONDS,
                   is(true));
        assertThat("refused counted", closed("over_limit") - overBefore, greaterThanOrEqualTo(1L));
        String answer = askUntilServed();
        assertThat("served once the longest wait is old enough", answer, startsWith("HTTP/1.1 200 OK"));
        assertThat("the longest waiting made room", RawHttp.closedWithin(sockets.getFirst(), MARGIN_SECONDS),
                   is(true));
        assertThat("counted", closed("evicted_body") - evictedBefore, is(1L));
    }

    @Test
    void aWaitForABodyThatWouldPassTheLimitClosesItsOwnConnection() throws IOException {
        long evictedBefore = closed("evicted_body");
        List<Socket> waiting = new ArrayList<>();
        for (int i = 0; i < BODY_WAITS_AT_THE_LIMIT; i++) {
            waiting.add(open(""));
        }
        open(""); // one more connection, half-open and too young to make room: 6 open, so 4 waits fit, not 5
        for (Socket socket : waiting) {
            socket.getOutputStream().write(BODY_NEVER_SENT.getBytes(StandardCharsets.US_ASCII));
            assertThat(RawHttp.read(socket).statusLine(), is("HTTP/1.1 200 OK")); // then its body is waited for
            sleep(0.2);
        }

        long closed = waiting.stream().filter(socket -> RawHttp.closedWithin(socket, 1)).count();

        assertThat("the wait over the limit closed its own connection, the others kept", closed, is(1L));
        assertThat("counted", closed("evicted_body") - evictedBefore, is(1L));
    }

    /** Asks for the public message every 0.2 s until it is served, or the minimum age and a margin have passed. */
    private String askUntilServed() throws IOException {
        String answer = "";
        long deadline = System.nanoTime() + (long) ((MIN_AGE_SECONDS + MARGIN_SECONDS) * 1e9);
        while (!answer.startsWith("HTTP/1.1 200") && System.nanoTime() < deadline) {
            sleep(0.2);
            answer = RawHttp.getAndClose(base, "/api/messages/public");
        }
        return answer;
    }

    private Socket open(String request) throws IOException {
        Socket socket = new Socket(base.getHost(), base.getPort());
        sockets.add(socket);
        socket.setSoTimeout((int) (MARGIN_SECONDS * 1000));
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        return socket;
    }

    private long closed(String reason) {
        return metric("connections_closed_total", "reason=\"" + reason + "\"");
    }

    private long metric(String name, String tag) {
        String answer = RawHttp.getAndClose(Management.uri(), "/metrics");
        for (int attempt = 0; !answer.startsWith("HTTP/1.1 200") && attempt < 50; attempt++) {
            sleep(0.1); // refused while closed connections are still ending
            answer = RawHttp.getAndClose(Management.uri(), "/metrics");
        }
        return answer.lines()
                .filter(line -> (line.startsWith(name + "{") || line.startsWith(name + " ")) && line.contains(tag))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static void sleep(double seconds) {
        try {
            Thread.sleep((long) (seconds * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
