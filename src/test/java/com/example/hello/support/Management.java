package com.example.hello.support;

import java.net.URI;

import io.helidon.microprofile.server.ServerCdiExtension;

import jakarta.enterprise.inject.spi.CDI;

/**
 * The management listener of the server a {@code @HelidonTest} runs in this JVM: {@code /health} and {@code /metrics}
 * are served there, never on the API port.
 */
public final class Management {
    /** The listener's name in microprofile-config.properties ({@code server.sockets.0.name}). */
    public static final String SOCKET = "management";

    private Management() {
    }

    /** @return calls to the management listener of the running server */
    public static Http http() {
        return new Http(uri());
    }

    /** @return the address of the management listener of the running server */
    public static URI uri() {
        int port = CDI.current().getBeanManager().getExtension(ServerCdiExtension.class).port(SOCKET);
        return URI.create("http://127.0.0.1:" + port);
    }
}
