package com.example.hello.logging;

import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** One record, one line: the instant exact to the nanosecond, and every control character escaped. */
class OneLineFormatterTest {
    private final OneLineFormatter formatter = new OneLineFormatter();

    /** The style is static: JsonLogFormatTest's server, run earlier in the same JVM, may have left JSON set. */
    @BeforeEach
    @AfterEach
    void backToText() {
        OneLineFormatter.style(OneLineFormatter.Style.TEXT);
    }

    @Test
    void aLineStartsWithTheRecordsInstantToTheNanosecond() {
        for (String at : new String[] {"2026-12-01T02:04:23.959849348Z", "2026-12-01T02:04:23.000000001Z",
                                       "2026-12-01T02:04:24Z", "1970-01-01T00:00:00.5Z"}) {
            Instant instant = Instant.parse(at);
            String line = formatter.format(record(instant, "hello"));
            assertThat(at, Instant.parse(line.substring(0, line.indexOf(' '))), is(instant));
            assertThat(at + ": nine digits of fraction", line.substring(0, line.indexOf(' ')).length(), is(30));
        }
    }

    @Test
    void linesOfTheSameSecondKeepTheirOwnFraction() {
        Instant first = Instant.parse("2026-12-01T02:04:23.100Z");
        formatter.format(record(first, "first"));
        String line = formatter.format(record(first.plusMillis(5), "second"));
        assertThat(line, is("2026-12-01T02:04:23.105000000Z INFO test: second\n"));
    }

    @Test
    void aMessageWithoutControlsIsWrittenAsItIs() {
        String line = formatter.format(record(Instant.EPOCH, "GET /api/messages/public 200 0.100ms sub=-"));
        assertThat(line, is("1970-01-01T00:00:00.000000000Z INFO test: GET /api/messages/public 200 0.100ms sub=-\n"));
    }

    @Test
    void controlsAndBackslashesAreEscapedWhereverTheyAre() {
        String line = formatter.format(record(Instant.EPOCH, "\na\\b\r\tc\u0001\u007f\u2028\u2029\u0085d\n"));
        assertThat(line, is("1970-01-01T00:00:00.000000000Z INFO test: "
                            + "\\na\\\\b\\r\\tc\\u0001\\u007f\\u2028\\u2029\\u0085d\\n\n"));
    }

    private static LogRecord record(Instant instant, String message) {
        LogRecord record = new LogRecord(Level.INFO, message);
        record.setInstant(instant);
        record.setLoggerName("test");
        return record;
    }
}
