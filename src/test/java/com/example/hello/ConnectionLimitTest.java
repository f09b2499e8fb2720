package com.example.hello;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

/** At {@code connections.max} served (kept-alive) connections, a new connection is closed at once and counted. */
@HelidonTest
class ConnectionLimitTest {
    private static final int LIMIT = 5;

    private final URI base;

    @Inject
    ConnectionLimitTest(WebTarget target) {
        this.base = target.getUri();
    }

    @AddConfigSource
    static ConfigSource config() {
        return TestIssuer.shared().config(Map.of("connections.max", String.valueOf(LIMIT)));
    }

    @Test
    void aConnectionBeyondTheLimitOfServedConnectionsIsClosedAtOnce() throws IOException {
        long before = overLimitCount();
        List<Socket> served = new ArrayList<>();
        try {
            for (int i = 0; i < LIMIT; i++) {
                Socket socket = new Socket(base.getHost(), base.getPort());
                served.add(socket);
                socket.getOutputStream().write(request());
                readAnswerHead(socket.getInputStream());
            }
            try (Socket refused = new Socket(base.getHost(), base.getPort())) {
                assertThat("closed at once", RawHttp.closedWithin(refused, 5), is(true));
            }
        } finally {
            for (Socket socket : served) {
                socket.close();
            }
        }
        // (asking for the count may itself be refused once or twice while the served connections end)
        assertThat("counted", overLimitCount() - before, greaterThanOrEqualTo(1L));
    }

    private static byte[] request() {
        return "GET /api/messages/public HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    }

    private static void readAnswerHead(InputStream in) throws IOException {
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            assertThat("an answer", b == -1, is(false));
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    private long overLimitCount() {
        String answer = RawHttp.getAndClose(Management.uri(), "/metrics");
        for (int attempt = 0; !answer.startsWith("HTTP/1.1 200") && attempt < 50; attempt++) {
            sleep(); // refused while the closed connections are still ending
            answer = RawHttp.getAndClose(Management.uri(), "/metrics");
        }
        return answer.lines()
                .filter(line -> line.startsWith("connections_closed_total{") && line.contains("reason=\"over_limit\""))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
