package com.example.hello;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.example.hello.support.AppProcess;
import com.example.hello.support.RawHttp;
import com.example.hello.support.TestIssuer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

/**
 * SIGTERM under load: the server stops accepting connections at once, while requests already in flight finish (the
 * grace period), and the process exits with status 0. One slow download is held in flight by a client that does not
 * read, so the grace period is observed while it lasts; and one request is still being handled (its token's key
 * awaited from a hanging issuer) when SIGTERM comes, and must get its whole answer.
 */
class GracefulShutdownTest {
    /** Big enough (1.6 MB) to stay far from fitting in the small socket buffers below. */
    private static final String LARGE_FILE = "/docs/swagger-ui-bundle.js";
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)\r\ncontent-length: *(\\d+)\r\n");

    @TempDir
    Path directory;

    @Test
    void sigtermRefusesNewConnectionsFinishesInFlightRequestsAndExitsWithStatusZero() throws Exception {
        // An issuer of its own: it is made to hang below, which would stall other classes sharing one
        try (TestIssuer issuer = TestIssuer.start();
             AppProcess app = AppProcess.start(directory, Map.of(
                "PORT", "0",
                "AUTH0_DOMAIN", "tenant.example.com",
                "AUTH0_AUDIENCE", TestIssuer.AUDIENCE,
                "MP_JWT_VERIFY_ISSUER", issuer.issuer(),
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", issuer.jwksUrl(),
                // a token with an unknown kid starts a fetch at once, whenever the last one was
                "JWKS_MIN_REFRESH_INTERVAL", "PT0.1S",
                // A small send buffer per connection (the kernel otherwise grows it to megabytes): the held
                // download cannot be handed to the kernel whole, so it stays in flight at the server
                "JAVA_TOOL_OPTIONS", "-Dserver.connection-options.socket-send-buffer-size=4096"))) {
            int port = app.awaitStartedPort(Duration.ofSeconds(120));
            URI url = URI.create("http://127.0.0.1:" + port + "/api/messages/protected");
            Load load = new Load(url, issuer.token().sign());
            load.awaitAnswers(50, Duration.ofSeconds(30));

            try (Socket held = new Socket()) {
                held.setReceiveBufferSize(4096); // the server's writes block once a few KB wait unread
                held.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                held.getOutputStream().write(("GET " + LARGE_FILE + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                                                     .getBytes(StandardCharsets.US_ASCII));
                InputStream answer = held.getInputStream();
                String head = readHead(answer);
                assertThat("the held request is being answered", head.startsWith("HTTP/1.1 200 "), is(true));

                // A request the server is still handling, not yet answering: a token whose kid the server does not
                // hold waits (up to a second) for a fetch from the issuer, which hangs. The fetch reaching the
                // issuer shows the request is inside the server.
                issuer.hanging(true);
                int fetchesBefore = issuer.jwksFetches();
                String unknownKid = issuer.token().header("kid", "key-not-published").sign();
                CompletableFuture<RawHttp.Answer> handled = CompletableFuture.supplyAsync(() -> RawHttp.exchange(
                        URI.create("http://127.0.0.1:" + port), "GET /api/messages/protected HTTP/1.1\nHost: 127.0.0.1"
                                + "\nAuthorization: Bearer " + unknownKid + "\n\n"));
                awaitFetch(issuer, fetchesBefore, Duration.ofSeconds(30));

                load.stopAndTerminate(app);
                boolean refused = awaitRefused(port, Duration.ofSeconds(10));
                boolean aliveWhileRefusing = app.isAlive();
                byte[] body = answer.readAllBytes();
                RawHttp.Answer handledAnswer = handled.get(30, TimeUnit.SECONDS);
                issuer.hanging(false);

                assertThat("the request being handled at SIGTERM: status", handledAnswer.statusLine(),
                           is("HTTP/1.1 401 Unauthorized"));
                assertThat("its body, complete", handledAnswer.body(), is("{\"message\":\"Bad credentials\"}"));
                assertThat("a new connection is refused during the grace period", refused, is(true));
                assertThat("the process waits for the held request meanwhile", aliveWhileRefusing, is(true));
                assertThat("the held request got its whole answer", body.length, is(contentLength(head)));
            }
            int exitStatus = app.awaitExit(Duration.ofSeconds(30));
            load.awaitEnd();

            assertThat("requests served before SIGTERM", load.ok.get(), greaterThan(49));
            assertThat("load requests cut off (connection reset or closed mid-answer; retried " + load.retried
                       + " closed unanswered)", load.broken, is(List.of()));
            assertThat("answers other than 200 (never a 5xx)", load.otherStatuses, is(Map.of()));
            assertThat("exit status", exitStatus, is(0));
        }
    }

    /**
     * Four callers in a loop until SIGTERM, none after: every request started before SIGTERM must end with an answer
     * (or, if its connection was not yet made, a refused connection), never a reset or a truncated answer.
     */
    private static final class Load {
        private final HttpClient client = HttpClient.newHttpClient();
        private final Object lock = new Object();
        private final List<Thread> callers = new ArrayList<>();
        private final AtomicInteger ok = new AtomicInteger();
        private final AtomicInteger refused = new AtomicInteger();
        private final AtomicInteger retried = new AtomicInteger();
        private final List<String> broken = new CopyOnWriteArrayList<>();
        private final Map<Integer, Integer> otherStatuses = new ConcurrentHashMap<>();
        private int inFlight;
        private boolean terminated;

        Load(URI url, String token) {
            HttpRequest request = HttpRequest.newBuilder(url).header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofSeconds(20)).build();
            for (int i = 0; i < 4; i++) {
                callers.add(Thread.ofPlatform().start(() -> call(request)));
            }
        }

        private void call(HttpRequest request) {
            while (true) {
                synchronized (lock) {
                    if (terminated) {
                        return;
                    }
                    inFlight++;
                }
                try {
                    HttpResponse<String> response = send(request);
                    if (response.statusCode() == 200) {
                        ok.incrementAndGet();
                    } else {
                        otherStatuses.merge(response.statusCode(), 1, Integer::sum);
                    }
                } catch (ConnectException | HttpConnectTimeoutException e) {
                    refused.incrementAndGet(); // no connection was made: nothing was in flight at the server
                } catch (IOException e) {
                    broken.add(e.toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } finally {
                    synchronized (lock) {
                        inFlight--;
                    }
                }
            }
        }

        /**
         * Sends the request; if the server closed the kept-alive connection before the answer's head, sends it once
         * more, on a new connection (told by whether the body handler was called, which happens once a head has
         * arrived, not by the JDK's message text). That is the race every keep-alive client meets when a server stops (RFC 9112
         * section 9.3.1: a client may retry an idempotent request then): the request can reach a connection the
         * server is closing as idle. The retry is refused (the server no longer accepts) or answered; a reset or a
         * truncated answer is still a failure.
         */
        private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
            AtomicBoolean headArrived = new AtomicBoolean();
            HttpResponse.BodyHandler<String> handler = head -> {
                headArrived.set(true);
                return HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8);
            };
            try {
                return client.send(request, handler);
            } catch (IOException e) {
                if (e instanceof ConnectException || e instanceof HttpConnectTimeoutException || headArrived.get()) {
                    throw e;
                }
                retried.incrementAndGet();
                return client.send(request, HttpResponse.BodyHandlers.ofString());
            }
        }

        void awaitAnswers(int count, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (ok.get() < count && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }

        /** Sends SIGTERM while the callers are busy (one between its start and its end); none starts after it. */
        void stopAndTerminate(AppProcess app) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (true) {
                synchronized (lock) {
                    if (inFlight > 0 || System.nanoTime() > deadline) {
                        terminated = true;
                        app.terminate();
                        return;
                    }
                }
                Thread.onSpinWait();
            }
        }

        void awaitEnd() throws InterruptedException {
            for (Thread caller : callers) {
                caller.join(30_000);
            }
        }
    }

    private static void awaitFetch(TestIssuer issuer, int fetchesBefore, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (issuer.jwksFetches() == fetchesBefore) {
            assertThat("the server asked the issuer for keys", System.nanoTime() < deadline, is(true));
            Thread.sleep(10);
        }
    }

    private static boolean awaitRefused(int port, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            } catch (ConnectException e) {
                return true;
            } catch (IOException e) {
                // a timeout: try again
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** The status line and headers, up to the blank line. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the answer's head: " + head);
            }
            head.write(b);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static int contentLength(String head) {
        Matcher matcher = CONTENT_LENGTH.matcher(head);
        if (!matcher.find()) {
            throw new AssertionError("no Content-Length in " + head);
        }
        return Integer.parseInt(matcher.group(1));
    }
}
