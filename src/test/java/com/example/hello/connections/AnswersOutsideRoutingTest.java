package com.example.hello.connections;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import com.example.hello.errors.HttpErrorHandlers;
import com.example.hello.web.SecurityHeaders;

import io.helidon.common.concurrency.limits.Limit;
import io.helidon.http.DirectHandler;
import io.helidon.http.DirectHandler.EventType;
import io.helidon.http.DirectHandler.TransportRequest;
import io.helidon.http.DirectHandler.TransportResponse;
import io.helidon.http.HeaderValues;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;

import org.junit.jupiter.api.Test;

import static com.example.hello.connections.ConnectionMetrics.Reason.MALFORMED;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.sameInstance;

/**
 * The answers Helidon gives outside routing: JSON with our security headers, the connection closed, a malformed
 * request counted once; a failure while the request head is read is the client's 400, not a 500.
 */
class AnswersOutsideRoutingTest {
    private final FakeWire wire = new FakeWire();
    private final FakeWire.Http1 http1 = new FakeWire.Http1();

    @Test
    void everyEventIsAnsweredByUs() {
        DirectHandler ours = ConnectionErrorAnswers.HANDLERS.handler(EventType.BAD_REQUEST);
        assertThat(ours.getClass(), is((Object) ConnectionErrorAnswers.class));
        for (EventType type : EventType.values()) {
            assertThat(type.name(), ConnectionErrorAnswers.HANDLERS.handler(type), sameInstance(ours));
        }
    }

    @Test
    void aBadRequestIsAJson400WithOurHeadersClosedAndCounted() {
        long malformed = FakeWire.closed(MALFORMED);

        TransportResponse answer = answer("GET", EventType.BAD_REQUEST, Status.BAD_REQUEST_400);

        assertAnswer(answer, Status.BAD_REQUEST_400, "Bad Request");
        assertThat(FakeWire.closed(MALFORMED) - malformed, is(1L));
    }

    @Test
    void theAnswerToHeadHasNoContent() {
        TransportResponse answer = answer("HEAD", EventType.BAD_REQUEST, Status.BAD_REQUEST_400);
        assertThat(answer.status(), is(Status.BAD_REQUEST_400));
        assertThat(answer.entity(), is(Optional.empty()));
    }

    @Test
    void anotherLimitIsAnsweredWithItsReasonAndNotCountedAsMalformed() {
        long malformed = FakeWire.closed(MALFORMED);

        TransportResponse answer = answer("GET", EventType.OTHER, Status.HTTP_VERSION_NOT_SUPPORTED_505);

        assertAnswer(answer, Status.HTTP_VERSION_NOT_SUPPORTED_505, "HTTP Version Not Supported");
        assertThat(FakeWire.closed(MALFORMED) - malformed, is(0L));
    }

    @Test
    void aServerErrorOutsideAnyConnectionOfOursStaysA500() {
        long malformed = FakeWire.closed(MALFORMED);
        TransportResponse answer = answer("GET", EventType.INTERNAL_ERROR, Status.INTERNAL_SERVER_ERROR_500);
        assertAnswer(answer, Status.INTERNAL_SERVER_ERROR_500, "Internal Server Error");
        assertThat(FakeWire.closed(MALFORMED) - malformed, is(0L));
    }

    @Test
    void aServerErrorOnARequestLineIsAMalformedRequest() throws InterruptedException {
        long malformed = FakeWire.closed(MALFORMED);

        TransportResponse answer = answerInConnection(true, connection -> connection.headRead());

        assertAnswer(answer, Status.BAD_REQUEST_400, "Bad Request");
        assertThat(FakeWire.closed(MALFORMED) - malformed, is(1L));
    }

    @Test
    void aServerErrorAmongTheHeadersIsA400NotCounted() throws InterruptedException {
        long malformed = FakeWire.closed(MALFORMED);

        TransportResponse answer = answerInConnection(false, connection -> { }); // the first head's deadline runs

        assertAnswer(answer, Status.BAD_REQUEST_400, "Bad Request");
        assertThat("the client leaving mid-head", FakeWire.closed(MALFORMED) - malformed, is(0L));
    }

    @Test
    void aServerErrorAfterTheHeadStaysA500() throws InterruptedException {
        TransportResponse answer = answerInConnection(false, connection -> connection.headRead());
        assertAnswer(answer, Status.INTERNAL_SERVER_ERROR_500, "Internal Server Error");
    }

    @Test
    void aBadRequestOnAConnectionWeClosedIsNotCountedTwice() throws InterruptedException {
        long malformed = FakeWire.closed(MALFORMED);
        AtomicReference<TransportResponse> answer = new AtomicReference<>();
        GuardedConnection connection = connection(ctx -> answer.set(answer("GET", EventType.BAD_REQUEST,
                                                                           Status.BAD_REQUEST_400)));
        connection.closeSocket();

        connection.handle((Limit) null);

        assertAnswer(answer.get(), Status.BAD_REQUEST_400, "Bad Request");
        assertThat(FakeWire.closed(MALFORMED) - malformed, is(0L));
    }

    private TransportResponse answerInConnection(boolean readingRequestLine,
                                                 java.util.function.Consumer<GuardedConnection> before)
            throws InterruptedException {
        AtomicReference<TransportResponse> answer = new AtomicReference<>();
        GuardedConnection connection = connection(ctx -> answer.set(answer("GET", EventType.OTHER,
                                                                           Status.INTERNAL_SERVER_ERROR_500)));
        before.accept(connection);
        http1.made.getFirst().readingRequestLine = readingRequestLine;
        connection.handle((Limit) null);
        return answer.get();
    }

    private GuardedConnection connection(java.util.function.Consumer<io.helidon.webserver.ConnectionContext> script) {
        http1.script = script;
        return new GuardedConnection(wire.context, http1, FakeWire.settings(10, 1_000, Duration.ZERO),
                                     ConnectionErrorAnswers.HANDLERS, 1,
                                     new ConnectionPhaseDeadlinesTest.RecordingRoom());
    }

    private static TransportResponse answer(String method, EventType type, Status status) {
        TransportRequest request = FakeWire.proxy(TransportRequest.class,
                                                  (m, args) -> m.getName().equals("method") ? method : null);
        return ConnectionErrorAnswers.HANDLERS.handler(type)
                .handle(request, type, status, ServerResponseHeaders.create(), "the parser's message");
    }

    private static void assertAnswer(TransportResponse answer, Status status, String error) {
        ServerResponseHeaders expected = ServerResponseHeaders.create();
        SecurityHeaders.applyToError(expected);
        expected.set(HeaderValues.CONTENT_TYPE_JSON);
        byte[] body = HttpErrorHandlers.json(error);
        expected.set(io.helidon.http.HeaderValues.create(io.helidon.http.HeaderNames.CONTENT_LENGTH, body.length));
        assertThat(answer.status(), is(status));
        assertThat(answer.keepAlive(), is(false));
        assertThat(answer.headers().toString(), is(expected.toString()));
        assertThat(new String(answer.entity().orElseThrow(), StandardCharsets.UTF_8),
                   is(new String(body, StandardCharsets.UTF_8)));
    }
}
