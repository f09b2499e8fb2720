package com.example.hello.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** Captures everything the server logs through java.util.logging while open, formatted as it would be printed. */
public final class LogCapture extends Handler implements AutoCloseable {
    private final Logger root = Logger.getLogger("");
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final SimpleFormatter formatter = new SimpleFormatter();

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

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        root.removeHandler(this);
    }
}
