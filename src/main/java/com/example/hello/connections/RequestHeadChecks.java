package com.example.hello.connections;

import java.util.List;
import java.util.Optional;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http.DirectTransportRequest;
import io.helidon.webserver.http1.Http1ConnectionListener;

/**
 * Sees each request head as Helidon's HTTP/1.1 parser reads it: starts the head deadline of a later request on its
 * request line, ends it when the headers are complete, and refuses ambiguous framing before any routing.
 * <p>
 * Two different lengths, or a length beside {@code Transfer-Encoding}, are the request-smuggling shapes (RFC 9112
 * §6.1, §6.3): a proxy in front may read the other length and hide a second request in the body. Helidon 4.3.0 reads
 * the first length and keeps the connection; we answer 400 and close it.
 * <p>
 * So is any {@code Transfer-Encoding} but one header line saying exactly {@code chunked}: Helidon 4.3.0 decodes a
 * chunked body only for that exact value (it compares strings, so not even {@code Chunked}, although codings are
 * case-insensitive in the RFC) and reads any other body ({@code gzip, chunked}, {@code chunked, identity}, two lines)
 * as the next request, while a proxy in front may have honoured the coding.
 */
final class RequestHeadChecks implements Http1ConnectionListener {
    static final RequestHeadChecks INSTANCE = new RequestHeadChecks();
    /** The one {@code Transfer-Encoding} Helidon decodes: a single line, exactly this value. */
    private static final List<String> ONLY_CHUNKED = List.of("chunked");
    /**
     * The request line of the head being read on this thread (one per connection), so a refusal can name the
     * request: the answer to a HEAD must not carry content ({@link ConnectionErrorAnswers}).
     */
    private static final ThreadLocal<HttpPrologue> REQUEST_LINE = new ThreadLocal<>();

    private RequestHeadChecks() {
    }

    @Override
    public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
        REQUEST_LINE.set(prologue);
        GuardedConnection.current().ifPresent(GuardedConnection::requestLineRead);
    }

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        Optional<String> ambiguity = ambiguousFraming(headers);
        HttpPrologue requestLine = REQUEST_LINE.get();
        REQUEST_LINE.remove();
        if (ambiguity.isPresent()) {
            RequestException.Builder refusal = RequestException.builder();
            if (requestLine != null) {
                refusal.request(DirectTransportRequest.create(requestLine, headers));
            }
            throw refusal
                    .type(DirectHandler.EventType.BAD_REQUEST)
                    .status(Status.BAD_REQUEST_400)
                    .setKeepAlive(false)
                    .message(ambiguity.get())
                    .build();
        }
        GuardedConnection.current().ifPresent(GuardedConnection::headRead);
    }

    /**
     * Why the body's length is ambiguous, if it is.
     *
     * @param headers a request's headers
     * @return the reason, empty when the framing is clear
     */
    static Optional<String> ambiguousFraming(Headers headers) {
        if (headers.contains(HeaderNames.TRANSFER_ENCODING) && !headers.contains(HeaderNames.CONTENT_LENGTH)
                && !headers.get(HeaderNames.TRANSFER_ENCODING).allValues().equals(ONLY_CHUNKED)) {
            return Optional.of("Transfer-Encoding other than chunked");
        }
        if (!headers.contains(HeaderNames.CONTENT_LENGTH)) {
            return Optional.empty();
        }
        if (headers.contains(HeaderNames.TRANSFER_ENCODING)) {
            return Optional.of("Content-Length and Transfer-Encoding together");
        }
        List<String> lengths = headers.get(HeaderNames.CONTENT_LENGTH).allValues(true);
        if (lengths.size() != 1) {
            return Optional.of("More than one Content-Length");
        }
        if (!isDigits(lengths.getFirst().trim())) {
            return Optional.of("Content-Length is not a number");
        }
        return Optional.empty();
    }

    private static boolean isDigits(String value) {
        return !value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
