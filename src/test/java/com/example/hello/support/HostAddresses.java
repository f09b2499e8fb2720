package com.example.hello.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Optional;

/** This machine's addresses, to show what a listener bound to loopback does not accept. */
public final class HostAddresses {
    private HostAddresses() {
    }

    /** @return an IPv4 address of this machine other than loopback, if it has one */
    public static Optional<InetAddress> nonLoopbackIpv4() {
        try {
            return NetworkInterface.networkInterfaces()
                    .filter(nic -> !isLoopback(nic))
                    .flatMap(NetworkInterface::inetAddresses)
                    .filter(address -> address instanceof Inet4Address)
                    .findFirst();
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return whether a connection to this address and port is accepted within 2 s */
    public static boolean accepts(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2_000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    /**
     * A port free now; another process can take it before the caller binds it, so a caller retries once when the
     * start fails on it.
     *
     * @return the port
     */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isLoopback(NetworkInterface nic) {
        try {
            return nic.isLoopback() || !nic.isUp();
        } catch (SocketException e) {
            return true;
        }
    }
}
