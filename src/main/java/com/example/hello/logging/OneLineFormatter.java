package com.example.hello.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

import jakarta.json.Json;
import jakarta.json.stream.JsonGenerator;

/**
 * Every log record as exactly one line, whatever it holds: in {@link Style#TEXT}, control characters (a newline in a
 * request path or a token's subject, a stack trace's line breaks) are written as escapes such as {@code \n}; in
 * {@link Style#JSON}, each record is one JSON object, its strings escaped by the JSON library.
 */
public final class OneLineFormatter extends Formatter {
    /** How lines are written. */
    public enum Style {
        /** {@code 2026-11-30T12:00:00.123Z INFO com.example.Logger: message} */
        TEXT,
        /** {@code {"time":"...","level":"INFO","logger":"...","message":"..."}}, plus a record's own fields */
        JSON;

        /**
         * @param name {@code text} or {@code json}, in any letter case
         * @return the style
         * @throws IllegalArgumentException for anything else
         */
        public static Style parse(String name) {
            return switch (name.trim().toLowerCase(Locale.ROOT)) {
                case "text" -> TEXT;
                case "json" -> JSON;
                default -> throw new IllegalArgumentException("LOG_FORMAT must be text or json");
            };
        }
    }

    private static volatile Style style = Style.TEXT;

    /** @param chosen the style of every line formatted from now on (the {@code LOG_FORMAT} setting) */
    public static void style(Style chosen) {
        style = chosen;
    }

    @Override
    public String format(LogRecord record) {
        return style == Style.JSON ? json(record) : text(record);
    }

    private String text(LogRecord record) {
        StringBuilder line = new StringBuilder(160)
                .append(record.getInstant()).append(' ')
                .append(record.getLevel().getName()).append(' ')
                .append(record.getLoggerName()).append(": ");
        escape(message(record), line);
        if (record.getThrown() != null) {
            line.append(" | ");
            escape(stackTrace(record.getThrown()), line);
        }
        return line.append('\n').toString();
    }

    private String json(LogRecord record) {
        StringWriter out = new StringWriter(200);
        try (JsonGenerator json = Json.createGenerator(out)) {
            json.writeStartObject()
                    .write("time", Instant.ofEpochMilli(record.getMillis()).toString())
                    .write("level", record.getLevel().getName())
                    .write("logger", String.valueOf(record.getLoggerName()))
                    .write("message", message(record));
            if (fields(record) instanceof LogFields fields) {
                for (Map.Entry<String, Object> field : fields.fields().entrySet()) {
                    if (field.getValue() instanceof Number number) {
                        json.write(field.getKey(), Json.createValue(number));
                    } else {
                        json.write(field.getKey(), String.valueOf(field.getValue()));
                    }
                }
            }
            if (record.getThrown() != null) {
                json.write("exception", stackTrace(record.getThrown()));
            }
            json.writeEnd();
        }
        return out.append('\n').toString();
    }

    private String message(LogRecord record) {
        LogFields fields = fields(record);
        return fields != null ? fields.toString() : String.valueOf(formatMessage(record));
    }

    private static LogFields fields(LogRecord record) {
        Object[] parameters = record.getParameters();
        return parameters != null && parameters.length == 1 && parameters[0] instanceof LogFields fields ? fields : null;
    }

    private static String stackTrace(Throwable thrown) {
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        return trace.toString().stripTrailing();
    }

    /** Control characters and backslashes as escapes, so one record is one line and escapes are unambiguous. */
    private static void escape(String text, StringBuilder line) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> line.append("\\\\");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' || c == '\u0085') {
                        line.append(String.format("\\u%04x", (int) c));
                    } else {
                        line.append(c);
                    }
                }
            }
        }
    }
}
