package com.example.hello.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.helidon.config.mp.MpConfigSources;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/**
 * The ports checked at start: a port another process holds is named with its setting (PORT, MANAGEMENT_PORT), in
 * one line, before Helidon starts; a listener Helidon did not bind is named once it has started. Ports on 127.0.0.1.
 */
class PortsAtStartTest {
    private ServerSocket taken;
    private int busy;

    @BeforeEach
    void takeAPort() throws IOException {
        taken = new ServerSocket();
        taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        busy = taken.getLocalPort();
    }

    @AfterEach
    void release() throws IOException {
        taken.close();
    }

    @Test
    void anApiPortInUseIsNamed() {
        assertThat(Listeners.unavailable(config("server.port", busy, "server.host", "127.0.0.1"), false),
                   is(List.of("Cannot listen on port " + busy + " (PORT): another process is using it. Stop that "
                                      + "process, or set PORT to a free port.")));
    }

    @Test
    void aManagementPortInUseIsNamed() {
        assertThat(Listeners.unavailable(config("server.sockets.0.port", busy, "server.sockets.0.host", "127.0.0.1"),
                                         false),
                   is(List.of("Cannot listen on port " + busy + " (MANAGEMENT_PORT): another process is using it. "
                                      + "Stop that process, or set MANAGEMENT_PORT to a free port.")));
    }

    @Test
    void freePortsAndUnsetOnesAreNoProblem() throws IOException {
        int free = freePort();
        assertThat(Listeners.unavailable(config("server.port", free, "server.host", "127.0.0.1"), false),
                   is(List.of()));
    }

    @Test
    void aHostThatIsNotThisMachinesIsNamedWithTheHost() {
        List<String> problems = Listeners.unavailable(config("server.port", busy, "server.host", "192.0.2.1"), false);
        assertThat(problems.size(), is(1));
        assertThat(problems.getFirst(), startsWith("Cannot listen on 192.0.2.1:" + busy + " (PORT): "));
    }

    @Test
    void inDevelopmentTheApiListensOnLoopbackAndTheManagementPortIsFree() {
        Config config = config("server.port", busy, "server.host", "192.0.2.1", "server.sockets.0.port", busy,
                               "server.sockets.0.host", "127.0.0.1");
        assertThat(Listeners.unavailable(config, true),
                   is(List.of("Cannot listen on port " + busy + " (PORT): another process is using it. Stop that "
                                      + "process, or set PORT to a free port.")));
    }

    @Test
    void aListenerHelidonDidNotBindIsNamedWithItsSetting() {
        Config config = config("server.port", 6060, "server.sockets.0.port", 9090);
        assertThat(Listeners.unbound(config, false, socket -> socket.equals("@default") ? 6060 : -1),
                   is(Optional.of("Cannot listen on port 9090 (MANAGEMENT_PORT): the server could not bind it (see "
                                          + "the log line above). Stop the process that uses it, or set "
                                          + "MANAGEMENT_PORT to a free port.")));
        assertThat(Listeners.unbound(config, false, socket -> 0),
                   is(Optional.of("Cannot listen on port 6060 (PORT): the server could not bind it (see the log line "
                                          + "above). Stop the process that uses it, or set PORT to a free port.")));
        assertThat(Listeners.unbound(config, false, socket -> 1), is(Optional.empty()));
    }

    @Test
    void inDevelopmentTheUnboundManagementPortIsTheFreeOneAsked() {
        Config config = config("server.sockets.0.port", 9090);
        assertThat(Listeners.unbound(config, true, socket -> socket.equals("@default") ? 6060 : -1),
                   is(Optional.of("Cannot listen on port 0 (MANAGEMENT_PORT): the server could not bind it (see "
                                          + "the log line above). Stop the process that uses it, or set "
                                          + "MANAGEMENT_PORT to a free port.")));
    }

    @Test
    void anUnsetPortIsZero() {
        assertThat(Listeners.unbound(config(), false, socket -> -1),
                   is(Optional.of("Cannot listen on port 0 (PORT): the server could not bind it (see the log line "
                                          + "above). Stop the process that uses it, or set PORT to a free port.")));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        }
    }

    private static Config config(Object... keysAndValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put((String) keysAndValues[i], String.valueOf(keysAndValues[i + 1]));
        }
        return ConfigProviderResolver.instance().getBuilder().withSources(MpConfigSources.create(values)).build();
    }
}
