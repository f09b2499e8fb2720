package com.example.hello.connections;

import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.spi.ProtocolConfig;

/**
 * Helidon's HTTP/1.1 settings ({@code server.protocols.http_1_1.*}), to be served by {@link GuardedHttp1Provider}.
 * <p>
 * Not an {@link Http1Config} itself, so Helidon's own HTTP/1.1 provider, which looks for one, does not serve the
 * listener a second time.
 *
 * @param http1 Helidon's HTTP/1.1 settings, with our request-head checks among their receive listeners
 */
public record GuardedHttp1Config(Http1Config http1) implements ProtocolConfig {
    static final String TYPE = "http_1_1";

    @Override
    public String name() {
        return http1.name();
    }

    @Override
    public String type() {
        return TYPE;
    }
}
