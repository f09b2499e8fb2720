package com.example.hello.connections;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import io.helidon.common.concurrency.limits.Limit;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Method;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.http.WritableHeaders;

import org.junit.jupiter.api.Test;

import static com.example.hello.connections.ConnectionMetrics.Reason.HEAD_TIMEOUT;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The request head as Helidon's parser reads it: a later request's line starts its head deadline and complete
 * headers end it; ambiguous framing is a 400 that closes the connection and names the request (a HEAD gets no body).
 */
class RequestHeadSeenByTheGuardTest {
    private static final long FAR = Duration.ofDays(1).toNanos();
    private static final HttpPrologue HEAD_REQUEST = HttpPrologue.create("HTTP/1.1", "HTTP", "1.1", Method.HEAD,
                                                                         "/api/messages/public", false);

    @Test
    void aLaterRequestsLineStartsItsHeadDeadlineAndItsHeadersEndIt() throws InterruptedException {
        AtomicReference<Optional<ConnectionMetrics.Reason>> afterLine = new AtomicReference<>();
        AtomicReference<Optional<ConnectionMetrics.Reason>> afterHeaders = new AtomicReference<>();
        FakeWire wire = new FakeWire();
        FakeWire.Http1 http1 = new FakeWire.Http1();
        GuardedConnection[] connection = new GuardedConnection[1];
        http1.script = ctx -> {
            connection[0].headRead(); // the first request is done
            RequestHeadChecks.INSTANCE.prologue(ctx, HEAD_REQUEST);
            afterLine.set(connection[0].missedDeadline(System.nanoTime() + FAR));
            RequestHeadChecks.INSTANCE.headers(ctx, WritableHeaders.create());
            afterHeaders.set(connection[0].missedDeadline(System.nanoTime() + FAR));
        };
        connection[0] = new GuardedConnection(wire.context, http1, FakeWire.settings(10, 1_000, Duration.ZERO),
                                              ConnectionErrorAnswers.HANDLERS, 1,
                                              new ConnectionPhaseDeadlinesTest.RecordingRoom());

        connection[0].handle((Limit) null);

        assertThat(afterLine.get(), is(Optional.of(HEAD_TIMEOUT)));
        assertThat(afterHeaders.get(), is(Optional.empty()));
    }

    @Test
    void ambiguousFramingIsA400ThatClosesTheConnectionAndNamesTheRequest() {
        RequestHeadChecks.INSTANCE.prologue(null, HEAD_REQUEST);

        RequestException refusal = assertThrows(RequestException.class,
                                                () -> RequestHeadChecks.INSTANCE.headers(null, ambiguous()));

        assertThat(refusal.status(), is(Status.BAD_REQUEST_400));
        assertThat(refusal.eventType(), is(DirectHandler.EventType.BAD_REQUEST));
        assertThat(refusal.keepAlive(), is(false));
        assertThat(refusal.getMessage(), is("Content-Length and Transfer-Encoding together"));
        assertThat(refusal.request().method(), is("HEAD"));
    }

    @Test
    void theRequestLineIsForgottenOnceItsHeadersAreRead() {
        RequestHeadChecks.INSTANCE.prologue(null, HEAD_REQUEST);
        RequestHeadChecks.INSTANCE.headers(null, WritableHeaders.create());

        RequestException refusal = assertThrows(RequestException.class,
                                                () -> RequestHeadChecks.INSTANCE.headers(null, ambiguous()));

        assertThat(refusal.request().method(), is(not("HEAD")));
    }

    private static WritableHeaders<?> ambiguous() {
        return WritableHeaders.create().add(HeaderNames.CONTENT_LENGTH, "4")
                .add(HeaderNames.TRANSFER_ENCODING, "chunked");
    }
}
