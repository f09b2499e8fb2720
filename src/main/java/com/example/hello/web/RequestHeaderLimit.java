package com.example.hello.web;

import io.helidon.http.Header;
import io.helidon.http.HttpException;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Refuses requests whose headers exceed 16 KiB with a JSON 431, before any token is looked at.
 * <p>
 * Helidon's own limit answers with an empty 400, which clients cannot tell from other errors; so the server's
 * parser limit is set higher ({@code server.protocols.http_1_1.max-headers-size}) and this limit, the one a
 * client meets, answers in JSON. Auth0 access tokens stay far below it.
 */
public final class RequestHeaderLimit implements Filter {
    static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final Status TOO_LARGE = Status.create(431, "Request Header Fields Too Large");

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long size = 0;
        for (Header header : req.headers()) {
            size += header.name().length() + header.values().length() + 4; // ": " and CRLF
        }
        if (size > MAX_HEADER_BYTES) {
            throw new HttpException("Request header fields too large", TOO_LARGE, true);
        }
        chain.proceed();
    }
}
