package com.example.hello.web;

import java.lang.System.Logger.Level;

import io.helidon.security.SecurityContext;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * One line per request: method, path, status, duration and, when a token authenticated the caller, its subject.
 * <p>
 * Only the path is written, never the query string or any header, so a token sent in the wrong place (a query
 * parameter, an unexpected header) still never reaches the log.
 */
public final class AccessLog implements Filter {
    private static final System.Logger LOGGER = System.getLogger(AccessLog.class.getName());

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long start = System.nanoTime();
        try {
            chain.proceed();
        } finally {
            if (LOGGER.isLoggable(Level.INFO)) {
                long micros = (System.nanoTime() - start) / 1_000;
                String subject = req.context().get(SecurityContext.class)
                        .filter(SecurityContext::isAuthenticated)
                        .map(SecurityContext::userName)
                        .orElse("-");
                LOGGER.log(Level.INFO, String.format("%s %s %d %d.%03dms sub=%s",
                                                     req.prologue().method().text(),
                                                     req.prologue().uriPath().rawPath(),
                                                     res.status().code(),
                                                     micros / 1_000, micros % 1_000,
                                                     subject));
            }
        }
    }
}
