package com.example.hello.connections;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.buffers.DataWriter;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ListenerContext;

import org.junit.jupiter.api.Test;

import static com.example.hello.connections.ConnectionMetrics.Reason.BODY_TIMEOUT;
import static com.example.hello.connections.ConnectionMetrics.Reason.HEAD_TIMEOUT;
import static com.example.hello.connections.ConnectionMetrics.Reason.WRITE_TIMEOUT;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.sameInstance;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Helidon's connection as its HTTP/1.1 handling sees it through the guard: a read that has to wait for the client
 * runs the deadline of its phase while it waits (and only then), the first head's bytes are counted, every write
 * runs the write deadline while it blocks, error answers are ours, everything else is Helidon's, and once we closed
 * the connection Helidon's complaints about it are logged at TRACE.
 */
class ReadsAndWritesSeenByTheGuardTest {
    private static final long FAR = Duration.ofDays(1).toNanos();

    private final FakeWire wire = new FakeWire();
    private final FakeWire.Http1 http1 = new FakeWire.Http1();
    private final GuardedHttp1Selector selector = new GuardedHttp1Selector(http1, FakeWire.settings(
            10, 1_000_000, Duration.ZERO));
    private final GuardedConnection connection = (GuardedConnection) selector.connection(wire.context);
    private final ConnectionContext guarded = http1.made.getFirst().ctx;
    private final AtomicReference<Optional<ConnectionMetrics.Reason>> duringWait = new AtomicReference<>();

    @Test
    void aReadOfTheFirstHeadCountsItsBytes() {
        wire.incoming.add(bytes("GET / HTTP/1.1\r\n"));
        assertThat(guarded.dataReader().readAsciiString(4), is("GET "));
        assertThat(selector.halfOpenBytes(), is(3L * 16));
    }

    @Test
    void aReadWaitingForABodyRunsTheBodyDeadlineWhileItWaits() {
        connection.headRead();
        wire.onPull = () -> duringWait.set(connection.missedDeadline(System.nanoTime() + FAR));
        wire.incoming.add(bytes("body"));

        assertThat(guarded.dataReader().readAsciiString(4), is("body"));

        assertThat(duringWait.get(), is(Optional.of(BODY_TIMEOUT)));
        assertThat("ended with the wait", connection.missedDeadline(System.nanoTime() + FAR), is(Optional.empty()));
    }

    @Test
    void aReadWithPartOfARequestLineBufferedWaitsUnderTheHeadDeadline() {
        connection.headRead();
        http1.made.getFirst().readingRequestLine = true;
        wire.incoming.add(bytes("GE"));
        wire.incoming.add(bytes("T /"));
        DataReader reader = guarded.dataReader();
        reader.pullData(); // waits idle, then "GE" arrives and stays buffered
        wire.onPull = () -> duringWait.set(connection.missedDeadline(System.nanoTime() + FAR));

        reader.pullData();

        assertThat(duringWait.get(), is(Optional.of(HEAD_TIMEOUT)));
        assertThat(reader.readAsciiString(5), is("GET /"));
    }

    @Test
    void aReadWithNothingBufferedBetweenRequestsWaitsIdleWithoutDeadline() {
        connection.headRead();
        http1.made.getFirst().readingRequestLine = true;
        wire.onPull = () -> duringWait.set(connection.missedDeadline(System.nanoTime() + FAR));
        wire.incoming.add(bytes("GET /"));

        guarded.dataReader().pullData();

        assertThat(duringWait.get(), is(Optional.empty()));
        assertThat("the next head's deadline runs once its bytes came",
                   connection.missedDeadline(System.nanoTime() + FAR), is(Optional.of(HEAD_TIMEOUT)));
    }

    @Test
    void bytesHelidonHasAlreadyReadAreTakenWithoutAWait() {
        connection.headRead();
        wire.incoming.add(bytes("body"));
        wire.source.pullData(); // Helidon's reader holds them already
        wire.onPull = () -> duringWait.set(Optional.of(BODY_TIMEOUT));

        assertThat(guarded.dataReader().readAsciiString(4), is("body"));

        assertThat("no wait", duringWait.get(), is((Optional<ConnectionMetrics.Reason>) null));
        assertThat(connection.waitingSince(), is(0L));
    }

    @Test
    void aReadThatFailsEndsItsWait() {
        connection.headRead();
        DataReader reader = guarded.dataReader();
        assertThrows(RuntimeException.class, reader::pullData); // the client went away: nothing more comes
        assertThat(connection.missedDeadline(System.nanoTime() + FAR), is(Optional.empty()));
    }

    @Test
    void everyWriteRunsTheWriteDeadlineWhileItBlocksAndOnlyThen() {
        List<Optional<ConnectionMetrics.Reason>> during = new ArrayList<>();
        List<Optional<ConnectionMetrics.Reason>> after = new ArrayList<>();
        wire.onWrite = () -> during.add(connection.missedDeadline(System.nanoTime() + FAR));
        connection.headRead();
        DataWriter writer = guarded.dataWriter();
        BufferData data = BufferData.create("answer");
        List<Runnable> writes = List.of(() -> writer.write(data), () -> writer.write(new BufferData[] {data}),
                                        () -> writer.writeNow(data), () -> writer.writeNow(new BufferData[] {data}),
                                        writer::flush, writer::close);

        for (Runnable write : writes) {
            write.run();
            after.add(connection.missedDeadline(System.nanoTime() + FAR));
        }

        assertThat(wire.calls, is(List.of("write", "write", "writeNow", "writeNow", "flush", "close")));
        assertThat(during, is(List.of(Optional.of(WRITE_TIMEOUT), Optional.of(WRITE_TIMEOUT),
                                      Optional.of(WRITE_TIMEOUT), Optional.of(WRITE_TIMEOUT),
                                      Optional.of(WRITE_TIMEOUT), Optional.empty())));
        assertThat(after, is(java.util.Collections.nCopies(6, Optional.empty())));
    }

    @Test
    void errorAnswersAreOursAndTheRestOfTheListenerIsHelidons() {
        ListenerContext listener = guarded.listenerContext();
        assertThat(listener.directHandlers(), sameInstance(ConnectionErrorAnswers.HANDLERS));
        assertThat(listener.context(), sameInstance(wire.listener.context()));
        assertThat(listener.mediaContext(), sameInstance(wire.listener.mediaContext()));
        assertThat(listener.contentEncodingContext(), sameInstance(wire.listener.contentEncodingContext()));
        assertThat(listener.config(), sameInstance(wire.listener.config()));
        assertThat(listener.executor(), sameInstance(wire.listener.executor()));
    }

    @Test
    void everythingElseIsHelidonsConnection() {
        assertThat(guarded.executor(), sameInstance(wire.context.executor()));
        assertThat(guarded.router(), sameInstance(wire.context.router()));
        assertThat(guarded.proxyProtocolData(), is(wire.context.proxyProtocolData()));
        assertThat(guarded.serverSocket(), sameInstance(wire.socket));
        assertThat(guarded.remotePeer(), sameInstance(wire.context.remotePeer()));
        assertThat(guarded.localPeer(), sameInstance(wire.context.localPeer()));
        assertThat(guarded.isSecure(), is(true));
        wire.secure = false;
        assertThat(guarded.isSecure(), is(false));
        assertThat(guarded.socketId(), is("socket-1"));
        assertThat(guarded.childSocketId(), is("child-1"));
    }

    @Test
    void helidonsComplaintsKeepTheirLevelUntilWeCloseTheConnection() {
        List<System.Logger.Level> levels = new ArrayList<>();
        System.Logger logger = logger(levels);

        guarded.log(logger, System.Logger.Level.WARNING, "write failed %s", "x");
        guarded.log(logger, System.Logger.Level.WARNING, "write failed %s", new IllegalStateException(), "x");
        connection.closeSocket();
        guarded.log(logger, System.Logger.Level.WARNING, "write failed %s", "x");
        guarded.log(logger, System.Logger.Level.WARNING, "write failed %s", new IllegalStateException(), "x");

        assertThat(levels, is(List.of(System.Logger.Level.WARNING, System.Logger.Level.WARNING,
                                      System.Logger.Level.TRACE, System.Logger.Level.TRACE)));
    }

    /** A logger that records the level of each line it logs. */
    private static System.Logger logger(List<System.Logger.Level> levels) {
        return (System.Logger) Proxy.newProxyInstance(
                System.Logger.class.getClassLoader(), new Class<?>[] {System.Logger.class}, (proxy, method, args) ->
                        switch (method.getName()) {
                            case "isLoggable" -> true;
                            case "getName" -> "test";
                            case "log" -> {
                                levels.add((System.Logger.Level) args[0]);
                                yield null;
                            }
                            default -> null;
                        });
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
