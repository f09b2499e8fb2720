package com.example.hello.connections;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.buffers.DataWriter;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.socket.HelidonSocket;
import io.helidon.common.task.InterruptableTask;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ListenerContext;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;

/**
 * A connection's surroundings without a server: Helidon's side of the socket (bytes the client sent, what was
 * written, whether it was closed) and a stand-in for Helidon's HTTP/1.1 handling that runs what a test scripts, so
 * the guard's bookkeeping can be driven step by step.
 */
final class FakeWire {
    /** What the client has sent, chunk by chunk; nothing left is the end of the stream. */
    final Deque<byte[]> incoming = new ArrayDeque<>();
    final List<String> calls = new ArrayList<>();
    volatile boolean socketClosed;
    volatile boolean secure = true;
    /** Runs whenever Helidon's reader pulls from the socket: the moment a read waits for the client. */
    volatile Runnable onPull = () -> { };
    /** Runs inside every write to the socket. */
    volatile Runnable onWrite = () -> { };
    final DataReader source = new DataReader(() -> {
        onPull.run();
        return incoming.poll();
    });
    /** Distinct stand-ins for what a test only checks is handed through, by method name. */
    final Map<String, Object> sentinels = new HashMap<>();
    final HelidonSocket socket = proxy(HelidonSocket.class, (method, args) -> {
        if (method.getName().equals("close")) {
            socketClosed = true;
        }
        return null;
    });
    final DataWriter writer = proxy(DataWriter.class, (method, args) -> {
        calls.add(method.getName());
        onWrite.run();
        return null;
    });
    final ListenerContext listener = proxy(ListenerContext.class, this::sentinel);
    /** Helidon's connection: its socket, reader, writer and listener, a sentinel for anything else. */
    final ConnectionContext context = proxy(ConnectionContext.class, (method, args) -> switch (method.getName()) {
        case "serverSocket" -> socket;
        case "dataReader" -> source;
        case "dataWriter" -> writer;
        case "listenerContext" -> listener;
        case "isSecure" -> secure;
        case "socketId" -> "socket-1";
        case "childSocketId" -> "child-1";
        default -> sentinel(method, args);
    });

    /** @return the stand-in of {@code method}'s value: the same one each time it is asked for */
    Object sentinel(String method) {
        return sentinels.get(method);
    }

    private Object sentinel(Method method, Object[] args) {
        if (method.getReturnType() == Optional.class) {
            return Optional.of(sentinels.computeIfAbsent(method.getName(), n -> "optional " + n));
        }
        if (!method.getReturnType().isInterface()) {
            return null;
        }
        return sentinels.computeIfAbsent(method.getName(), n -> proxy(method.getReturnType(), (m, a) -> null));
    }

    interface Answer {
        Object answer(Method method, Object[] args);
    }

    @SuppressWarnings("unchecked")
    static <T> T proxy(Class<T> type, Answer answer) {
        return (T) Proxy.newProxyInstance(FakeWire.class.getClassLoader(), new Class<?>[] {type},
                                          (proxy, method, args) -> switch (method.getName()) {
                                              case "hashCode" -> System.identityHashCode(proxy);
                                              case "equals" -> proxy == args[0];
                                              case "toString" -> type.getSimpleName();
                                              default -> answer.answer(method, args);
                                          });
    }

    static ConnectionSettings settings(int max, long halfOpenBytes, Duration evictionMinAge) {
        return new ConnectionSettings(max, halfOpenBytes, Duration.ofSeconds(10), Duration.ofSeconds(20),
                                      Duration.ofSeconds(30), evictionMinAge);
    }

    /** @return the open connections as {@code connections_open} shows them */
    static long openGauge() {
        return Metrics.globalRegistry().meters().stream()
                .filter(meter -> meter.id().name().equals(ConnectionMetrics.OPEN))
                .map(meter -> ((io.helidon.metrics.api.Gauge<?>) meter).value().longValue())
                .findFirst().orElse(0L);
    }

    /** @return how many connections were closed for {@code reason} so far, in the global registry */
    static long closed(ConnectionMetrics.Reason reason) {
        return Metrics.globalRegistry().getOrCreate(Counter.builder(ConnectionMetrics.CLOSED)
                                                           .scope("application")
                                                           .tags(List.of(Tag.create(
                                                                   "reason", reason.name().toLowerCase(Locale.ROOT)))))
                .count();
    }

    /** Helidon's HTTP/1.1 selector, its connections the scripted ones below. */
    static final class Http1 implements ServerConnectionSelector {
        final List<Scripted> made = new ArrayList<>();
        Consumer<ConnectionContext> script = ctx -> { };

        @Override
        public int bytesToIdentifyConnection() {
            return 7;
        }

        @Override
        public Support supports(BufferData data) {
            return Support.UNSUPPORTED;
        }

        @Override
        public Set<String> supportedApplicationProtocols() {
            return Set.of("http/1.1");
        }

        @Override
        public ServerConnection connection(ConnectionContext ctx) {
            Scripted connection = new Scripted(ctx, script);
            made.add(connection);
            return connection;
        }
    }

    /**
     * Helidon's HTTP/1.1 connection: runs the script on {@code handle}, in the request-line span while
     * {@link #readingRequestLine} is set (as Helidon's marks it interruptible).
     */
    static final class Scripted implements ServerConnection, InterruptableTask<Void> {
        final ConnectionContext ctx;
        final Consumer<ConnectionContext> script;
        volatile boolean readingRequestLine;
        Boolean closedWithInterrupt;

        Scripted(ConnectionContext ctx, Consumer<ConnectionContext> script) {
            this.ctx = ctx;
            this.script = script;
        }

        @Override
        public void handle(Limit limit) {
            script.accept(ctx);
        }

        @Override
        public Duration idleTime() {
            return Duration.ofSeconds(42);
        }

        @Override
        public void close(boolean interrupt) {
            closedWithInterrupt = interrupt;
        }

        @Override
        public boolean canInterrupt() {
            return readingRequestLine;
        }
    }
}
