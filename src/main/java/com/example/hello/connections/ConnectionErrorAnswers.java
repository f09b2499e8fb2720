package com.example.hello.connections;

import com.example.hello.errors.HttpErrorHandlers;
import com.example.hello.web.SecurityHeaders;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderValues;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;

/**
 * The answers Helidon gives outside routing, when a request cannot be parsed (400), speaks HTTP/1.0 (505) or meets
 * a limit: JSON bodies and our security headers, like every other answer, and the connection closed.
 * <p>
 * Helidon 4.3.0 answers a request line it cannot parse (a method with an illegal character: {@code G@T}) with an
 * empty 500 and logs a stack trace; a failure while the request head is still being read is the client's, so it is a
 * 400 here (and Helidon logs nothing for a 400).
 */
final class ConnectionErrorAnswers implements DirectHandler {
    static final DirectHandlers HANDLERS = handlers();
    private static final String INTERNAL_SERVER_ERROR = "Internal Server Error";

    private ConnectionErrorAnswers() {
    }

    private static DirectHandlers handlers() {
        DirectHandlers.Builder builder = DirectHandlers.builder();
        DirectHandler answers = new ConnectionErrorAnswers();
        for (EventType type : EventType.values()) {
            builder.addHandler(type, answers);
        }
        return builder.build();
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status defaultStatus,
                                    ServerResponseHeaders headers, String message) {
        Status status = defaultStatus;
        GuardedConnection connection = GuardedConnection.current().orElse(null);
        boolean malformed = eventType == EventType.BAD_REQUEST;
        if (status == Status.INTERNAL_SERVER_ERROR_500 && connection != null && connection.readingHead()) {
            status = Status.BAD_REQUEST_400;
            // a request line the parser choked on; a failure among the headers is the client leaving mid-head
            malformed = connection.readingRequestLine();
        }
        if (malformed && !(connection != null && connection.closedByUs())) { // ours are counted already
            ConnectionMetrics.closed(ConnectionMetrics.Reason.MALFORMED);
        }
        SecurityHeaders.applyToError(headers);
        headers.set(HeaderValues.CONTENT_TYPE_JSON);
        byte[] content = HttpErrorHandlers.json(status == Status.INTERNAL_SERVER_ERROR_500
                                                        ? INTERNAL_SERVER_ERROR
                                                        : status.reasonPhrase());
        TransportResponse.Builder answer = TransportResponse.builder()
                .status(status)
                .headers(headers)
                .keepAlive(false);
        // An answer to HEAD has no content (RFC 9110 §9.3.2); Helidon then writes Content-Length: 0 whatever is set.
        if (!"HEAD".equals(request.method())) {
            answer.entity(content);
        }
        return answer.build();
    }
}
