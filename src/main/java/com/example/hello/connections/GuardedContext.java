package com.example.hello.connections;

import java.util.Optional;
import java.util.concurrent.ExecutorService;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.buffers.DataWriter;
import io.helidon.common.context.Context;
import io.helidon.common.socket.HelidonSocket;
import io.helidon.common.socket.PeerInfo;
import io.helidon.http.encoding.ContentEncodingContext;
import io.helidon.http.media.MediaContext;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ListenerConfig;
import io.helidon.webserver.ListenerContext;
import io.helidon.webserver.ProxyProtocolData;
import io.helidon.webserver.Router;
import io.helidon.webserver.http.DirectHandlers;

/**
 * Helidon's connection as its HTTP/1.1 handling sees it, with four changes: reads from the client tell the guard
 * when they wait (so the wait gets the deadline of its phase), writes to the client are timed (a client that does not
 * read makes them block), answers the server gives outside routing are ours (JSON, counted), and once
 * we closed the connection (a deadline, or room for another), Helidon's complaints about it (a warning with a stack trace for the failed write)
 * are logged at TRACE: the closing is counted and summarised by {@link ConnectionMetrics}, and an attacker must not
 * be able to fill the log with them.
 */
final class GuardedContext implements ConnectionContext {
    private final ConnectionContext connection;
    private final ListenerContext listener;
    private final DataWriter writer;
    private final DataReader reader;
    private final GuardedConnection guard;

    GuardedContext(ConnectionContext connection, DirectHandlers answers, GuardedConnection guard) {
        this.connection = connection;
        this.guard = guard;
        this.listener = new AnsweringListener(connection.listenerContext(), answers);
        this.writer = new TimedWriter(connection.dataWriter(), guard);
        this.reader = new DataReader(this::pull);
    }

    /**
     * The next bytes from Helidon's reader of the socket; when it has none, the wait for the client is reported to
     * the guard with what is buffered but not yet parsed. (Helidon's own reader is the one that maps socket failures
     * and the end of the stream to its exceptions, so it stays the source.)
     */
    private byte[] pull() {
        DataReader source = connection.dataReader();
        if (source.available() == 0) {
            guard.readWaiting(reader.available());
            try {
                source.ensureAvailable();
            } finally {
                guard.readEnded();
            }
        }
        byte[] bytes = source.readBytes(source.available());
        guard.received(bytes.length);
        return bytes;
    }

    @Override
    public ListenerContext listenerContext() {
        return listener;
    }

    @Override
    public DataWriter dataWriter() {
        return writer;
    }

    @Override
    public ExecutorService executor() {
        return connection.executor();
    }

    @Override
    public DataReader dataReader() {
        return reader;
    }

    @Override
    public Router router() {
        return connection.router();
    }

    @Override
    public Optional<ProxyProtocolData> proxyProtocolData() {
        return connection.proxyProtocolData();
    }

    @Override
    public HelidonSocket serverSocket() {
        return connection.serverSocket();
    }

    @Override
    public PeerInfo remotePeer() {
        return connection.remotePeer();
    }

    @Override
    public PeerInfo localPeer() {
        return connection.localPeer();
    }

    @Override
    public boolean isSecure() {
        return connection.isSecure();
    }

    @Override
    public String socketId() {
        return connection.socketId();
    }

    @Override
    public String childSocketId() {
        return connection.childSocketId();
    }

    @Override
    public void log(System.Logger logger, System.Logger.Level level, String format, Object... variables) {
        ConnectionContext.super.log(logger, guard.closedByUs() ? System.Logger.Level.TRACE : level, format,
                                    variables);
    }

    @Override
    public void log(System.Logger logger, System.Logger.Level level, String format, Throwable t,
                    Object... variables) {
        ConnectionContext.super.log(logger, guard.closedByUs() ? System.Logger.Level.TRACE : level, format, t,
                                    variables);
    }

    private record AnsweringListener(ListenerContext listener, DirectHandlers answers) implements ListenerContext {
        @Override
        public DirectHandlers directHandlers() {
            return answers;
        }

        @Override
        public Context context() {
            return listener.context();
        }

        @Override
        public MediaContext mediaContext() {
            return listener.mediaContext();
        }

        @Override
        public ContentEncodingContext contentEncodingContext() {
            return listener.contentEncodingContext();
        }

        @Override
        public ListenerConfig config() {
            return listener.config();
        }

        @Override
        public ExecutorService executor() {
            return listener.executor();
        }
    }

    /** Marks the connection as writing while a write blocks, so a stalled write meets its deadline. */
    private record TimedWriter(DataWriter writer, GuardedConnection guard) implements DataWriter {
        @Override
        public void write(BufferData... buffers) {
            guard.writeStarted();
            try {
                writer.write(buffers);
            } finally {
                guard.writeEnded();
            }
        }

        @Override
        public void write(BufferData buffer) {
            guard.writeStarted();
            try {
                writer.write(buffer);
            } finally {
                guard.writeEnded();
            }
        }

        @Override
        public void writeNow(BufferData... buffers) {
            guard.writeStarted();
            try {
                writer.writeNow(buffers);
            } finally {
                guard.writeEnded();
            }
        }

        @Override
        public void writeNow(BufferData buffer) {
            guard.writeStarted();
            try {
                writer.writeNow(buffer);
            } finally {
                guard.writeEnded();
            }
        }

        @Override
        public void flush() {
            guard.writeStarted();
            try {
                writer.flush();
            } finally {
                guard.writeEnded();
            }
        }

        @Override
        public void close() {
            writer.close();
        }
    }
}
