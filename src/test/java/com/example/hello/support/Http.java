package com.example.hello.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Plain HTTP calls to the server under test, with exactly the headers a test gives. Every answer is checked against
 * the contract ({@link ContractCheckingHttpClient}).
 */
public final class Http {
    private static final HttpClient CLIENT =
            ContractCheckingHttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;

    /** @param base the server's base URI, e.g. {@code http://127.0.0.1:41234} */
    public Http(URI base) {
        this.base = base;
    }

    /** GET with header name/value pairs. */
    public HttpResponse<String> get(String path, String... headers) {
        return send("GET", path, headers);
    }

    /** GET with {@code Authorization: Bearer token}. */
    public HttpResponse<String> getWithToken(String path, String token) {
        return get(path, "Authorization", "Bearer " + token);
    }

    /** Any method with header name/value pairs. */
    public HttpResponse<String> send(String method, String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
