package com.example.hello.logging;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/**
 * A record in the JSON format: one object per line, a record's own fields as members (numbers as numbers), the
 * stack trace of its exception as one string member; in the text format the fields are the message.
 */
class JsonLinesTest {
    private static final Instant INSTANT = Instant.parse("2026-12-07T10:00:00.123Z");
    private static final LogFields ACCESS = new LogFields() {
        @Override
        public Map<String, Object> fields() {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("method", "GET");
            fields.put("status", 200);
            fields.put("path", null);
            return fields;
        }

        @Override
        public String toString() {
            return "GET 200";
        }
    };

    @BeforeEach
    void json() {
        OneLineFormatter.style(OneLineFormatter.Style.JSON);
    }

    @AfterEach
    void backToText() {
        OneLineFormatter.style(OneLineFormatter.Style.TEXT);
    }

    @Test
    void aRecordsFieldsBecomeMembersAndNumbersStayNumbers() {
        assertThat(new OneLineFormatter().format(record("access", ACCESS)),
                   is("{\"time\":\"2026-12-07T10:00:00.123Z\",\"level\":\"INFO\",\"logger\":\"test\","
                              + "\"message\":\"GET 200\",\"method\":\"GET\",\"status\":200,\"path\":\"null\"}\n"));
    }

    @Test
    void fieldsAmongOtherParametersAreAnOrdinaryParameter() {
        assertThat(new OneLineFormatter().format(record("{1}", ACCESS, "second")),
                   is("{\"time\":\"2026-12-07T10:00:00.123Z\",\"level\":\"INFO\",\"logger\":\"test\","
                              + "\"message\":\"second\"}\n"));
    }

    @Test
    void anOrdinaryParameterIsFormattedIntoTheMessage() {
        assertThat(new OneLineFormatter().format(record("value {0}", "x")),
                   is("{\"time\":\"2026-12-07T10:00:00.123Z\",\"level\":\"INFO\",\"logger\":\"test\","
                              + "\"message\":\"value x\"}\n"));
    }

    @Test
    void aRecordWithoutLoggerNameSaysNull() {
        LogRecord record = record("hello");
        record.setLoggerName(null);
        assertThat(new OneLineFormatter().format(record),
                   is("{\"time\":\"2026-12-07T10:00:00.123Z\",\"level\":\"INFO\",\"logger\":\"null\","
                              + "\"message\":\"hello\"}\n"));
    }

    @Test
    void theExceptionIsItsStackTraceInOneMember() {
        LogRecord record = record("failed");
        record.setThrown(new IllegalStateException("boom"));
        assertThat(new OneLineFormatter().format(record),
                   startsWith("{\"time\":\"2026-12-07T10:00:00.123Z\",\"level\":\"INFO\",\"logger\":\"test\","
                                      + "\"message\":\"failed\",\"exception\":\"java.lang.IllegalStateException: "
                                      + "boom\\n\\tat com.example.hello.logging.JsonLinesTest."));
    }

    @Test
    void inTextTheFieldsAreTheMessage() {
        OneLineFormatter.style(OneLineFormatter.Style.TEXT);
        assertThat(new OneLineFormatter().format(record("access", ACCESS)),
                   is("2026-12-07T10:00:00.123000000Z INFO test: GET 200\n"));
    }

    @Test
    void inTextAnEmptyMessageIsAnEmptyLine() {
        OneLineFormatter.style(OneLineFormatter.Style.TEXT);
        assertThat(new OneLineFormatter().format(record("")), is("2026-12-07T10:00:00.123000000Z INFO test: \n"));
    }

    private static LogRecord record(String message, Object... parameters) {
        LogRecord record = new LogRecord(Level.INFO, message);
        record.setLoggerName("test");
        record.setInstant(INSTANT);
        if (parameters.length > 0) {
            record.setParameters(parameters);
        }
        return record;
    }
}
