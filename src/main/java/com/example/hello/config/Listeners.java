package com.example.hello.config;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToIntFunction;

import org.eclipse.microprofile.config.Config;

/**
 * The ports the server listens on, checked at start: Helidon 4.3.0 logs a listener that cannot bind and carries on
 * ("Server started on ...:-1"), so a port in use would leave a process that serves nothing. Each port is tried before
 * Helidon starts (one line naming the setting, nothing else printed) and checked again once it has started (a port
 * taken in between).
 */
public final class Listeners {
    private static final String DEFAULT_SOCKET = "@default";
    private static final String MANAGEMENT_SOCKET = "management";
    private static final String DEVELOPMENT_HOST = "127.0.0.1";

    private Listeners() {
    }

    /** One listener: Helidon's socket name, the keys Helidon reads, and the user's setting for its port. */
    private record Listener(String socket, String portKey, String hostKey, String setting) {
        int port(Config config) {
            return config.getOptionalValue(portKey, Integer.class).orElse(0);
        }

        String host(Config config, boolean development) {
            return development ? DEVELOPMENT_HOST : config.getOptionalValue(hostKey, String.class).orElse("0.0.0.0");
        }
    }

    private static final Listener API = new Listener(DEFAULT_SOCKET, "server.port", "server.host", "PORT");
    private static final Listener MANAGEMENT =
            new Listener(MANAGEMENT_SOCKET, "server.sockets.0.port", "server.sockets.0.host", "MANAGEMENT_PORT");

    /**
     * @param config      the checked configuration
     * @param development whether the server starts with {@code --dev} (127.0.0.1; the management listener on a free
     *                    port)
     * @return one line per port the server could not listen on now, empty when it can listen on all
     */
    public static List<String> unavailable(Config config, boolean development) {
        List<String> problems = new ArrayList<>();
        for (Listener listener : development ? List.of(API) : List.of(API, MANAGEMENT)) {
            int port = listener.port(config);
            if (port > 0) {
                tryToListen(listener.host(config, development), port, listener.setting()).ifPresent(problems::add);
            }
        }
        return problems;
    }

    /**
     * @param config      the configuration the server started with
     * @param development whether it started with {@code --dev}
     * @param boundPort   the port Helidon bound for a socket name, or a negative number when it bound none
     * @return the line to print when a listener is not bound
     */
    public static Optional<String> unbound(Config config, boolean development, ToIntFunction<String> boundPort) {
        for (Listener listener : List.of(API, MANAGEMENT)) {
            if (boundPort.applyAsInt(listener.socket()) <= 0) {
                int port = development && listener == MANAGEMENT ? 0 : listener.port(config);
                return Optional.of("Cannot listen on port " + port + " (" + listener.setting() + "): the server could "
                                           + "not bind it (see the log line above). Stop the process that uses it, or"
                                           + " set " + listener.setting() + " to a free port.");
            }
        }
        return Optional.empty();
    }

    static Optional<String> tryToListen(String host, int port, String setting) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // as Helidon: a port whose old connections are still closing is free
            socket.bind(new InetSocketAddress(host, port));
            return Optional.empty();
        } catch (BindException e) {
            if (String.valueOf(e.getMessage()).contains("in use")) {
                return Optional.of("Cannot listen on port " + port + " (" + setting + "): another process is using "
                                           + "it. Stop that process, or set " + setting + " to a free port.");
            }
            return Optional.of("Cannot listen on " + host + ":" + port + " (" + setting + "): " + e.getMessage()
                                       + ". Set " + setting + " to another port, or check the host setting.");
        } catch (IOException e) {
            return Optional.of("Cannot listen on " + host + ":" + port + " (" + setting + "): " + e.getMessage() + ".");
        }
    }
}
