package com.example.hello.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body of at most {@code maxBytes}, for a {@code 200} answer only. A larger body (announced or sent) or
 * another status fails the body at once and cancels the subscription, which makes the JDK client close the
 * connection instead of reading on. The time it may take is bounded by the caller (see {@link JwksKeySource}).
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final int maxBytes;
    private final IOException refusal;
    private Flow.Subscription subscription;

    private BoundedBody(int maxBytes, IOException refusal) {
        this.maxBytes = maxBytes;
        this.refusal = refusal;
    }

    /**
     * @param maxBytes the largest body accepted
     * @return a handler that reads the body of a {@code 200} answer up to {@code maxBytes}, and refuses any other
     */
    static HttpResponse.BodyHandler<byte[]> handler(int maxBytes) {
        return answer -> {
            if (answer.statusCode() != 200) {
                return new BoundedBody(maxBytes, new UnexpectedStatus(answer.statusCode()));
            }
            long announced = answer.headers().firstValueAsLong("Content-Length").orElse(-1);
            return new BoundedBody(maxBytes, announced > maxBytes ? new TooLarge(maxBytes) : null);
        };
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (refusal != null) {
            subscription.cancel();
            body.completeExceptionally(refusal);
            return;
        }
        subscription.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (body.isDone()) {
            return;
        }
        for (ByteBuffer buffer : buffers) {
            if (buffer.remaining() > maxBytes - bytes.size()) {
                subscription.cancel();
                body.completeExceptionally(new TooLarge(maxBytes));
                return;
            }
            byte[] chunk = new byte[buffer.remaining()];
            buffer.get(chunk);
            bytes.write(chunk, 0, chunk.length);
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable error) {
        body.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        body.complete(bytes.toByteArray());
    }

    /** The issuer answered with a status other than 200. */
    static final class UnexpectedStatus extends IOException {
        private static final long serialVersionUID = 1L;
        private final int status;

        UnexpectedStatus(int status) {
            super("status " + status);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    /** The answer is larger than accepted. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(int maxBytes) {
            super("larger than " + maxBytes / 1024 + " KiB");
        }
    }
}
