package com.example.hello.errors;

import java.io.FilterOutputStream;
import java.io.IOException;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Gives the CORS feature's refusals (a browser request or preflight from an origin, or for a method or header, that
 * {@code cors.*} does not allow) the JSON body every other error has: Helidon answers them with an empty 403.
 * <p>
 * Helidon's CORS feature stays the one that decides; this only fills in the body of the empty 403 it sends. It
 * watches the answers of requests carrying {@code Origin} (the only ones CORS can refuse): other 403s, the
 * permission refusals, already have a body and pass through untouched.
 */
public final class CorsRefusalBody implements Filter {
    static final String CORS_REFUSED = "Cross-origin request refused: origin, method or header not allowed";
    private static final byte[] BODY = HttpErrorHandlers.json(CORS_REFUSED);

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (req.headers().contains(HeaderNames.ORIGIN)) {
            boolean head = req.prologue().method() == Method.HEAD;
            res.streamFilter(out -> new FilterOutputStream(out) {
                private boolean written;

                @Override
                public void write(int b) throws IOException {
                    written = true;
                    out.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    written |= len > 0;
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    if (!written && res.status().code() == Status.FORBIDDEN_403.code()) {
                        res.headers().set(HeaderValues.CONTENT_TYPE_JSON);
                        // An answer to HEAD has no content (RFC 9110 §9.3.2). Its length cannot be given either:
                        // Helidon 4.3.0 sets Content-Length: 0 when a stream closes with nothing written.
                        if (!head) {
                            res.headers().set(HeaderValues.create(HeaderNames.CONTENT_LENGTH, BODY.length));
                            out.write(BODY);
                        }
                    }
                    super.close();
                }
            });
        }
        chain.proceed();
    }
}
