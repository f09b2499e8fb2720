package com.example.hello;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.example.hello.support.Http;
import com.example.hello.support.Management;
import com.example.hello.support.TestIssuer;

import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;

import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static com.example.hello.support.Responses.assertJson;
import static com.example.hello.support.Responses.header;
import static com.example.hello.support.Responses.object;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/**
 * The issuer's address accepts connections and never answers (a firewall dropping packets, an overloaded tenant)
 * while the service starts: tokens get a 401 in bounded time, and the next ones at once, not a fetch timeout each.
 */
@HelidonTest
class IssuerHangingAtStartTest {
    private static final String PROTECTED = "/api/messages/protected";
    /** Nothing accepts on it: the kernel completes each handshake, and no byte ever comes back. */
    private static final ServerSocket SILENT = silentSocket();

    private final Http http;

    @Inject
    IssuerHangingAtStartTest(WebTarget target) {
        this.http = new Http(target.getUri());
    }

    @AddConfigSource
    static ConfigSource config() {
        return TestIssuer.shared().config(Map.of(
                "mp.jwt.verify.publickey.location", "http://127.0.0.1:" + SILENT.getLocalPort() + "/.well-known/jwks.json",
                "jwks.min-refresh-interval", "PT5S"));
    }

    @AfterAll
    static void closeSocket() throws IOException {
        SILENT.close();
    }

    @Test
    void tokensGetA401InBoundedTimeAndTheNextOnesAtOnce() {
        long start = System.nanoTime();
        HttpResponse<String> first = http.getWithToken(PROTECTED, TestIssuer.shared().token().sign());
        Duration firstTook = Duration.ofNanos(System.nanoTime() - start);
        start = System.nanoTime();
        HttpResponse<String> second = http.getWithToken(PROTECTED, TestIssuer.shared().token().sign());
        Duration secondTook = Duration.ofNanos(System.nanoTime() - start);

        for (HttpResponse<String> response : List.of(first, second)) {
            assertJson(response, 401, object("message", "Bad credentials"));
            assertThat(header(response, "WWW-Authenticate"),
                       containsString("error_description=\"The signing keys of the issuer are unavailable\""));
        }
        assertThat("first answer: at most the wait for the fetch in flight", firstTook, lessThan(Duration.ofSeconds(3)));
        assertThat("second answer, within the refresh interval", secondTook, lessThan(Duration.ofMillis(500)));
    }

    @Test
    void notReadyAndSaysSoQuickly() {
        long start = System.nanoTime();
        int status = Management.http().get("/health/ready").statusCode();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(status, is(503));
        assertThat("readiness answer", took, lessThan(Duration.ofSeconds(3)));
    }

    private static ServerSocket silentSocket() {
        try {
            return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
