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
        StringBuilder line = new StringBuilder(160);
        appendInstant(record.getInstant(), line);
        line.append(' ')
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

    /**
     * The instant in ISO-8601 with nine digits of fraction ({@code 2026-12-01T02:04:23.959849348Z}), its date and
     * time of day formatted once per second: {@link Instant#toString()} per line was the formatter's largest cost.
     */
    private static void appendInstant(Instant instant, StringBuilder line) {
        SecondPrefix prefix = lastSecond;
        if (prefix.epochSecond() != instant.getEpochSecond()) {
            String whole = Instant.ofEpochSecond(instant.getEpochSecond()).toString(); // ends with "Z"
            prefix = new SecondPrefix(instant.getEpochSecond(), whole.substring(0, whole.length() - 1));
            lastSecond = prefix;
        }
        String nanos = Integer.toString(instant.getNano());
        line.append(prefix.text()).append('.').append("000000000", nanos.length(), 9).append(nanos).append('Z');
    }

    /** The text of an instant up to its seconds, kept for the next lines of the same second. */
    private record SecondPrefix(long epochSecond, String text) {
    }

    private static volatile SecondPrefix lastSecond = new SecondPrefix(Long.MIN_VALUE, "");

    /** Control characters and backslashes as escapes, so one record is one line and escapes are unambiguous. */
    private static void escape(String text, StringBuilder line) {
        int start = 0;
        while (start < text.length() && !needsEscape(text.charAt(start))) {
            start++;
        }
        line.append(text, 0, start); // most lines have nothing to escape: copied whole
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> line.append("\\\\");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                default -> {
                    if (needsEscape(c)) {
                        line.append(String.format("\\u%04x", (int) c));
                    } else {
                        line.append(c);
                    }
                }
            }
        }
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || c == '\\' || c == 0x7f || c == '\u2028' || c == '\u2029' || c == '\u0085';
    }
}
