package com.example.hello.connections;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** A protocol the connection guard does not see stops the start, in one line. */
class GuardedProtocolsTest {
    private static final List<String> OURS = List.of("com.example.hello.connections.GuardedHttp1Provider",
                                                     "io.helidon.webserver.http1.Http1ConnectionProvider");

    @Test
    void thisClasspathServesOnlyGuardedHttp1() {
        assertThat(GuardedProtocols.problem(), is(Optional.empty()));
        assertThat(GuardedProtocols.problem(OURS, List.of()), is(Optional.empty()));
    }

    @Test
    void anotherConnectionSelectorIsRefused() {
        assertThat(GuardedProtocols.problem(List.of(OURS.get(0), OURS.get(1),
                                                    "io.helidon.webserver.http2.Http2ConnectionProvider"), List.of()),
                   is(Optional.of("Unsupported protocol on the classpath: "
                           + "io.helidon.webserver.http2.Http2ConnectionProvider would serve connections outside the "
                           + "connection limits and deadlines (connections/ guards HTTP/1.1 only); remove its module "
                           + "or extend connections/ to guard it.")));
    }

    @Test
    void anHttp1UpgradeIsRefused() {
        assertThat(GuardedProtocols.problem(OURS, List.of("io.helidon.webserver.websocket.WsUpgradeProvider"))
                           .map(line -> line.startsWith("Unsupported protocol on the classpath: "
                                   + "io.helidon.webserver.websocket.WsUpgradeProvider would serve")),
                   is(Optional.of(true)));
    }
}
