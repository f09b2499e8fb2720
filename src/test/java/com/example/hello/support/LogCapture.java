package com.example.hello.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import com.example.hello.logging.OneLineFormatter;

/** Captures everything the server logs through java.util.logging while open, formatted as the server prints it. */
public final class LogCapture extends Handler implements AutoCloseable {
    private final Logger root = Logger.getLogger("");
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final OneLineFormatter formatter = new OneLineFormatter();

    /** @return a capture of the root logger, started */
    public static LogCapture start() {
        LogCapture capture = new LogCapture();
        capture.setLevel(Level.ALL);
        capture.root.addHandler(capture);
        return capture;
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    /** @return the captured records */
    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** @return every captured line as printed, stack traces included */
    public List<String> lines() {
        return records.stream().map(formatter::format).toList();
    }

    /**
     * Waits up to five seconds for a line containing {@code text}.
     *
     * @param text what the line contains
     * @return the line
     */
    public String awaitLine(String text) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (String line : lines()) {
                if (line.contains(text)) {
                    return line;
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("no log line with '" + text + "' in " + lines());
    }

    /**
     * Waits up to {@code seconds} for at least {@code count} lines containing {@code text} (lines written after the
     * answer was sent may follow it by a moment).
     *
     * @param text    what the lines contain
     * @param count   how many are expected
     * @param seconds how long to wait at most
     * @return every captured line so far
     */
    public List<String> awaitLines(String text, int count, int seconds) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (true) {
            List<String> lines = lines();
            long found = lines.stream().filter(line -> line.contains(text)).count();
            if (found >= count) {
                return lines;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(found + " of " + count + " log lines with '" + text + "' in " + seconds + " s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        root.removeHandler(this);
    }
}
