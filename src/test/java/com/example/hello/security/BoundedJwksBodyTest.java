package com.example.hello.security;

import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The JWKS body as the fetch reads it: a status other than 200 and a body announced or grown beyond the limit are
 * refused and the download cancelled (its connection closed), a body within the limit is read whole.
 */
class BoundedJwksBodyTest {
    private static final int LIMIT = 64 * 1024;

    @Test
    void aStatusOtherThan200IsRefusedUnreadAndNamed() {
        Subscription subscription = new Subscription();
        HttpResponse.BodySubscriber<byte[]> body = subscribe(404, Map.of(), subscription);

        Throwable refusal = failure(body);
        assertThat(refusal, instanceOf(BoundedBody.UnexpectedStatus.class));
        assertThat(((BoundedBody.UnexpectedStatus) refusal).status(), is(404));
        assertThat(refusal.getMessage(), is("status 404"));
        assertThat("download cancelled", subscription.cancelled, is(true));
        assertThat(subscription.requested, is(0L));
    }

    @Test
    void aBodyAnnouncedLargerThanTheLimitIsRefusedUnread() {
        Subscription subscription = new Subscription();
        HttpResponse.BodySubscriber<byte[]> body = subscribe(200, Map.of("Content-Length",
                                                                          List.of(String.valueOf(LIMIT + 1))),
                                                             subscription);

        assertThat(failure(body).getMessage(), is("larger than 64 KiB"));
        assertThat(subscription.cancelled, is(true));
    }

    @Test
    void aBodyGrowingBeyondTheLimitIsCancelled() {
        Subscription subscription = new Subscription();
        HttpResponse.BodySubscriber<byte[]> body = subscribe(200, Map.of(), subscription);

        body.onNext(List.of(ByteBuffer.allocate(LIMIT)));
        assertThat(subscription.cancelled, is(false));
        body.onNext(List.of(ByteBuffer.allocate(1)));

        assertThat(failure(body).getMessage(), is("larger than 64 KiB"));
        assertThat(subscription.cancelled, is(true));
    }

    @Test
    void aBodyOfTheLimitIsReadWhole() {
        Subscription subscription = new Subscription();
        HttpResponse.BodySubscriber<byte[]> body = subscribe(200, Map.of("Content-Length",
                                                                          List.of(String.valueOf(LIMIT))),
                                                             subscription);
        body.onNext(List.of(ByteBuffer.allocate(LIMIT - 1), ByteBuffer.allocate(1)));
        body.onComplete();

        assertThat(body.getBody().toCompletableFuture().join().length, is(LIMIT));
        assertThat(subscription.cancelled, is(false));
    }

    private static HttpResponse.BodySubscriber<byte[]> subscribe(int status, Map<String, List<String>> headers,
                                                                 Subscription subscription) {
        HttpResponse.BodySubscriber<byte[]> body = BoundedBody.handler(LIMIT).apply(new HttpResponse.ResponseInfo() {
            @Override
            public int statusCode() {
                return status;
            }

            @Override
            public HttpHeaders headers() {
                return HttpHeaders.of(headers, (name, value) -> true);
            }

            @Override
            public HttpClient.Version version() {
                return HttpClient.Version.HTTP_1_1;
            }
        });
        body.onSubscribe(subscription);
        return body;
    }

    private static Throwable failure(HttpResponse.BodySubscriber<byte[]> body) {
        return assertThrows(CompletionException.class, () -> body.getBody().toCompletableFuture().join()).getCause();
    }

    /** The download: what was asked of it. */
    private static final class Subscription implements Flow.Subscription {
        long requested;
        boolean cancelled;

        @Override
        public void request(long n) {
            requested += n;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }
}
