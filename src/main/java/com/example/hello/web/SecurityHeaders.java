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
 * framed or scripted, and browsers keep to HTTPS. The one difference is the Content-Security-Policy of the Swagger UI
 * pages under {@value #DOCS_PATH}, which also allows the {@code data:} images the UI draws its icons with.
 */
public final class SecurityHeaders implements Filter {
    /** Where Swagger UI is served (static content configured in {@code microprofile-config.properties}). */
    public static final String DOCS_PATH = "/docs";
    /** The policy of every answer but Swagger UI's: nothing but this origin, never framed. */
    public static final String API_POLICY = "default-src 'self'; frame-ancestors 'none'";
    /** Swagger UI's policy: the API's, plus data: images (its icons); its scripts and styles are files of this origin. */
    public static final String DOCS_POLICY =
            "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'";

    private static final HeaderName X_FRAME_OPTIONS = HeaderNames.create("X-Frame-Options");
    private static final HeaderName CONTENT_SECURITY_POLICY = HeaderNames.create("Content-Security-Policy");
    private static final HeaderName X_XSS_PROTECTION = HeaderNames.create("X-XSS-Protection");

    /**
     * Sets the headers on a response.
     *
     * @param path    the request's path, which chooses the Content-Security-Policy
     * @param headers the response headers
     */
    public static void apply(String path, ServerResponseHeaders headers) {
        headers.set(HeaderNames.CACHE_CONTROL, "no-store");
        headers.set(HeaderNames.PRAGMA, "no-cache");
        headers.set(HeaderNames.EXPIRES, "0");
        headers.set(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        headers.set(X_FRAME_OPTIONS, "deny");
        headers.set(CONTENT_SECURITY_POLICY, isDocs(path) ? DOCS_POLICY : API_POLICY);
        headers.set(HeaderNames.STRICT_TRANSPORT_SECURITY, "max-age=31536000; includeSubDomains");
        headers.set(X_XSS_PROTECTION, "0");
    }

    private static boolean isDocs(String path) {
        return path.equals(DOCS_PATH) || path.startsWith(DOCS_PATH + "/");
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        apply(req.path().absolute().path(), res.headers());
        chain.proceed();
    }
}
