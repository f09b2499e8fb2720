package com.example.hello.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Requests written byte for byte on a socket, for what an HTTP client would refuse to send or would normalise
 * (ambiguous framing, malformed request lines, HTTP/1.0). These answers bypass the contract check of {@link Http}.
 */
public final class RawHttp {
    private static final int TIMEOUT_MILLIS = 10_000;
    private static final int CLOSE_WAIT_MILLIS = 3_000;

    private RawHttp() {
    }

    /**
     * An answer and what became of the connection after it.
     *
     * @param statusLine the status line, e.g. {@code HTTP/1.1 400 Bad Request}
     * @param headers    the headers, names in lower case
     * @param body       the body (as long as {@code Content-Length} says)
     * @param closed     whether the server closed the connection after the answer (end of stream or a reset)
     */
    public record Answer(String statusLine, Map<String, String> headers, String body, boolean closed) {
    }

    /**
     * Sends the request (ASCII, {@code \n} written as CRLF) and reads one answer.
     *
     * @param base    the server's base URI
     * @param request the request, lines separated by {@code \n}
     * @return the answer
     */
    public static Answer exchange(URI base, String request) {
        return exchange(base, request.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Sends the bytes and reads one answer.
     *
     * @param base    the server's base URI
     * @param request the request's bytes
     * @return the answer
     */
    public static Answer exchange(URI base, byte[] request) {
        return pipeline(base, request, "GET").getFirst();
    }

    /**
     * Sends several requests at once on one connection (pipelined, as a proxy reusing a connection may) and reads
     * one answer per method given. An answer to {@code HEAD} has no content whatever its {@code Content-Length} says
     * (RFC 9110 §9.3.2), so nothing is read after its head: content sent anyway is read as the next answer's status
     * line. Only the last answer tells whether the connection was closed after it.
     *
     * @param base     the server's base URI
     * @param requests the requests, lines separated by {@code \n}
     * @param methods  the method of each request, in order
     * @return the answers, in order
     */
    public static List<Answer> pipeline(URI base, String requests, String... methods) {
        return pipeline(base, requests.replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1), methods);
    }

    private static List<Answer> pipeline(URI base, byte[] requests, String... methods) {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.getOutputStream().write(requests);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            List<Answer> answers = new ArrayList<>();
            for (int n = 0; n < methods.length; n++) {
                Answer answer = read(in, methods[n].equals("HEAD"));
                boolean last = n == methods.length - 1;
                answers.add(last ? new Answer(answer.statusLine(), answer.headers(), answer.body(), isClosed(socket, in))
                                     : answer);
            }
            return answers;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads one answer from a connection the caller keeps (for several requests on one connection).
     *
     * @param socket a connected socket, a request sent
     * @return the answer ({@code closed} false: the connection is not looked at)
     * @throws IOException when the connection fails or ends before an answer
     */
    public static Answer read(Socket socket) throws IOException {
        return read(socket.getInputStream(), false);
    }

    /** One answer; an answer to HEAD has no content whatever its {@code Content-Length} says. */
    private static Answer read(InputStream in, boolean head) throws IOException {
        String[] lines = readHead(in).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
        }
        int length = head ? 0 : Integer.parseInt(headers.getOrDefault("content-length", "0"));
        String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        return new Answer(lines[0], headers, body, false);
    }

    /**
     * GET on a connection of its own, closed after the answer (so it holds no place in the server's connection limit
     * afterwards; Helidon 4.3.0 leaves closing to the client even after {@code Connection: close}).
     *
     * @param base the server's base URI
     * @param path the path
     * @return the status line and the body; empty when the server closed the connection without answering
     */
    public static String getAndClose(URI base, String path) {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                                                   .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            int length = 0;
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            return head.lines().findFirst().orElse("") + "\n" + new String(in.readNBytes(length), StandardCharsets.UTF_8);
        } catch (SocketException e) {
            return ""; // refused at the limit
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("Connection closed before an answer")) {
                return "";
            }
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether the server closes the connection within {@code seconds} (end of stream or a reset); whatever it sends
     * meanwhile is read and dropped.
     *
     * @param socket  a connected socket
     * @param seconds how long to wait
     * @return whether it was closed
     */
    public static boolean closedWithin(Socket socket, double seconds) {
        try {
            socket.setSoTimeout((int) (seconds * 1000));
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            while (in.read(buffer) != -1) {
                // drain
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset by the server
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isClosed(Socket socket, InputStream in) throws IOException {
        socket.setSoTimeout(CLOSE_WAIT_MILLIS); // the server closes at once; a kept connection stays open far longer
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b == -1) {
                throw new IOException("Connection closed before an answer; read: " + head);
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1).strip();
    }
}
