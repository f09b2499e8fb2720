package com.example.hello.web;

import java.util.logging.Level;
import java.util.logging.Logger;

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
    private static final String NAME = AccessLog.class.getName();
    private static final Logger LOGGER = Logger.getLogger(NAME);

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
                // logp names the source, so the formatter does not walk the stack to find it: this runs per request
                LOGGER.logp(Level.INFO, NAME, "filter",
                            req.prologue().method().text() + ' ' + req.prologue().uriPath().rawPath() + ' '
                            + res.status().code() + ' ' + micros / 1_000 + '.'
                            + String.valueOf(1_000 + micros % 1_000).substring(1) // three digits
                            + "ms sub=" + subject);
            }
        }
    }
}
