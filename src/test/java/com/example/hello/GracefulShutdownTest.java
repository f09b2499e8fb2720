package com.example.hello;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.example.hello.support.AppProcess;
import com.example.hello.support.TestIssuer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

/** SIGTERM under load: answers already started complete, nothing fails with a 5xx, and the exit status is 0. */
class GracefulShutdownTest {
    @TempDir
    Path directory;

    @Test
    void sigtermFinishesInFlightRequestsAndExitsWithStatusZero() throws Exception {
        TestIssuer issuer = TestIssuer.shared();
        try (AppProcess app = AppProcess.start(directory, Map.of(
                "PORT", "0",
                "AUTH0_DOMAIN", "tenant.example.com",
                "AUTH0_AUDIENCE", TestIssuer.AUDIENCE,
                "MP_JWT_VERIFY_ISSUER", issuer.issuer(),
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", issuer.jwksUrl()))) {
            URI url = URI.create("http://127.0.0.1:" + app.awaitStartedPort(Duration.ofSeconds(60))
                                         + "/api/messages/protected");
            String token = issuer.token().sign();
            HttpClient client = HttpClient.newHttpClient();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger ok = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            Map<Integer, Integer> otherStatuses = new ConcurrentHashMap<>();
            List<Thread> callers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                callers.add(Thread.ofPlatform().start(() -> {
                    while (!stop.get()) {
                        try {
                            HttpResponse<String> response = client.send(
                                    HttpRequest.newBuilder(url).header("Authorization", "Bearer " + token)
                                            .timeout(Duration.ofSeconds(5)).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (response.statusCode() == 200) {
                                ok.incrementAndGet();
                            } else {
                                otherStatuses.merge(response.statusCode(), 1, Integer::sum);
                            }
                        } catch (IOException e) {
                            refused.incrementAndGet(); // connection refused or closed before a request was sent
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (ok.get() < 50 && System.nanoTime() < deadline) {
                Thread.sleep(20); // under way: the callers are being answered
            }
            int okBeforeTerm = ok.get();
            app.terminate();
            int exitStatus = app.awaitExit(Duration.ofSeconds(30));
            stop.set(true);
            for (Thread caller : callers) {
                caller.join(10_000);
            }

            assertThat("requests served before SIGTERM", okBeforeTerm, greaterThan(49));
            assertThat("answers other than 200 (never a 5xx or a partial answer)", otherStatuses, is(Map.of()));
            assertThat("exit status", exitStatus, is(0));
            assertThat("new connections are refused once stopped", connects(url), is(false));
        }
    }

    private static boolean connects(URI url) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(url.getHost(), url.getPort()), 2_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
