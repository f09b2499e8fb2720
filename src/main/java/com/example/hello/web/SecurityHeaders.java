package com.example.hello.web;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * The response headers every answer of this API carries, errors included: nothing is cached, nothing is sniffed,
 * framed or scripted, and browsers keep to HTTPS.
 */
public final class SecurityHeaders implements Filter {
    private static final HeaderName X_FRAME_OPTIONS = HeaderNames.create("X-Frame-Options");
    private static final HeaderName CONTENT_SECURITY_POLICY = HeaderNames.create("Content-Security-Policy");
    private static final HeaderName X_XSS_PROTECTION = HeaderNames.create("X-XSS-Protection");

    /**
     * Sets the headers on a response.
     *
     * @param headers the response headers
     */
    public static void apply(ServerResponseHeaders headers) {
        headers.set(HeaderNames.CACHE_CONTROL, "no-store");
        headers.set(HeaderNames.PRAGMA, "no-cache");
        headers.set(HeaderNames.EXPIRES, "0");
        headers.set(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        headers.set(X_FRAME_OPTIONS, "deny");
        headers.set(CONTENT_SECURITY_POLICY, "default-src 'self'; frame-ancestors 'none'");
        headers.set(HeaderNames.STRICT_TRANSPORT_SECURITY, "max-age=31536000; includeSubDomains");
        headers.set(X_XSS_PROTECTION, "0");
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        apply(res.headers());
        chain.proceed();
    }
}
