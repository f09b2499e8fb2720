package com.example.hello.web;

import java.util.List;
import java.util.Optional;

import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * The response headers every answer of this API carries, errors included: nothing is cached, nothing is sniffed,
 * framed or scripted, and browsers keep to HTTPS. The one difference is the Content-Security-Policy of the Swagger UI
 * pages under {@value #DOCS_PATH}, which also allows the {@code data:} images the UI draws its icons with and, when
 * signing in is offered, connections to the issuer's token URL (where Swagger UI exchanges the code).
 */
public final class SecurityHeaders implements Filter {
    /** Where Swagger UI is served (static content configured in {@code microprofile-config.properties}). */
    public static final String DOCS_PATH = "/docs";
    /**
     * The policy of every answer but Swagger UI's: nothing but this origin, never framed, no {@code <base>} and no
     * form submission (neither falls back to {@code default-src}).
     */
    static final String API_POLICY = "default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    // Built once: a cached header keeps its encoded bytes, so the per-request cost is setting eight references.
    private static final List<Header> COMMON = List.of(
            HeaderValues.createCached(HeaderNames.CACHE_CONTROL, "no-store"),
            HeaderValues.createCached(HeaderNames.PRAGMA, "no-cache"),
            HeaderValues.createCached(HeaderNames.EXPIRES, "0"),
            HeaderValues.createCached(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff"),
            HeaderValues.createCached(HeaderNames.create("X-Frame-Options"), "deny"),
            HeaderValues.createCached(HeaderNames.STRICT_TRANSPORT_SECURITY, "max-age=31536000; includeSubDomains"),
            HeaderValues.createCached(HeaderNames.create("X-XSS-Protection"), "0"));
    private static final HeaderName CONTENT_SECURITY_POLICY = HeaderNames.create("Content-Security-Policy");
    private static final Header API_CSP = HeaderValues.createCached(CONTENT_SECURITY_POLICY, API_POLICY);

    private final Header docsCsp;

    /**
     * @param tokenOrigin the origin of the issuer's token URL, when Swagger UI offers signing in: its page may then
     *                    connect there, and nowhere else but this origin
     */
    public SecurityHeaders(Optional<String> tokenOrigin) {
        this.docsCsp = HeaderValues.createCached(CONTENT_SECURITY_POLICY, docsPolicy(tokenOrigin));
    }

    /**
     * Swagger UI's policy: the API's, plus data: images (its icons); its scripts and styles are files of this origin.
     * Its dialogs are forms, so forms and {@code <base>} may point at this origin only.
     */
    static String docsPolicy(Optional<String> tokenOrigin) {
        return "default-src 'self'; img-src 'self' data:; "
                + tokenOrigin.map(origin -> "connect-src 'self' " + origin + "; ").orElse("")
                + "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    }

    /**
     * Sets the headers on a response.
     *
     * @param path    the request's path, which chooses the Content-Security-Policy
     * @param headers the response headers
     */
    public void apply(String path, ServerResponseHeaders headers) {
        for (Header header : COMMON) {
            headers.set(header);
        }
        headers.set(isDocs(path) ? docsCsp : API_CSP);
    }

    /**
     * Sets the headers of an error answer that carries no page (a request the HTTP parser refused): the API's policy,
     * whatever the path, since no document is served.
     *
     * @param headers the response headers
     */
    public static void applyToError(ServerResponseHeaders headers) {
        for (Header header : COMMON) {
            headers.set(header);
        }
        headers.set(API_CSP);
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
