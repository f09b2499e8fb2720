package com.example.hello.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import com.example.hello.logging.LogFields;

import io.helidon.security.SecurityContext;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * One line per request: method, path, status, duration and, when a token authenticated the caller, its subject.
 * <p>
 * Only the path is written, never the query string, matrix parameters or any header, so a token sent in the wrong place (a query
 * parameter, an unexpected header) still never reaches the log. The request's thread only hands the record to the
 * logging handler, which queues it and writes it from another thread ({@code logging/AsyncConsoleHandler}); the
 * formatter escapes whatever the path or the subject hold, so neither can break a line or a JSON record.
 */
public final class AccessLog implements Filter {
    private static final String NAME = AccessLog.class.getName();
    private static final Logger LOGGER = Logger.getLogger(NAME);

    /** One request, as logged: {@code GET /api/messages/protected 200 1.234ms sub=auth0|abc}. */
    record Entry(String method, String path, int status, long micros, String subject) implements LogFields {
        @Override
        public Map<String, Object> fields() {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("method", method);
            fields.put("path", path);
            fields.put("status", status);
            fields.put("duration_ms", micros / 1_000.0);
            fields.put("subject", subject);
            return fields;
        }

        @Override
        public String toString() {
            return method + ' ' + path + ' ' + status + ' ' + micros / 1_000 + '.'
                   + String.valueOf(1_000 + micros % 1_000).substring(1) // three digits
                   + "ms sub=" + subject;
        }
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (!LOGGER.isLoggable(Level.INFO)) {
            chain.proceed();
            return;
        }
        long start = System.nanoTime();
        // Logged once the answer is sent, with its status: a later filter that throws (the 431 of
        // RequestHeaderLimit) passes through here before the error handler sets the status.
        res.whenSent(() -> log(req, res, start));
        chain.proceed();
    }

    private static void log(RoutingRequest req, RoutingResponse res, long start) {
        long micros = (System.nanoTime() - start) / 1_000;
        String subject = req.context().get(SecurityContext.class)
                .filter(SecurityContext::isAuthenticated)
                .map(SecurityContext::userName)
                .orElse("-");
        LogRecord record = new LogRecord(Level.INFO, "{0}");
        record.setLoggerName(NAME);
        // the source named, so the formatter never walks the stack to find it: this runs per request
        record.setSourceClassName(NAME);
        record.setSourceMethodName("filter");
        // without matrix parameters (;access_token=...), which, like a query string, can carry a token
        record.setParameters(new Object[] {new Entry(req.prologue().method().text(),
                                                     req.prologue().uriPath().rawPathNoParams(),
                                                     res.status().code(), micros, subject)});
        LOGGER.log(record);
    }
}
