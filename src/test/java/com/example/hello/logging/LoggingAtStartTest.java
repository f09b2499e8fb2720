package com.example.hello.logging;

import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import io.helidon.metrics.api.FunctionalCounter;
import io.helidon.metrics.api.Metrics;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

/**
 * What the logging extension does as the container starts: {@code LOG_FORMAT} of the application's configuration
 * (text, as shipped) applied, and the records the handler dropped published as {@code log.dropped}.
 */
class LoggingAtStartTest {

    @AfterEach
    void backToText() {
        OneLineFormatter.style(OneLineFormatter.Style.TEXT);
    }

    @Test
    void theShippedFormatIsAppliedAtStart() {
        OneLineFormatter.style(OneLineFormatter.Style.JSON);

        new LoggingExtension().applyFormat(new Object());

        LogRecord record = new LogRecord(Level.INFO, "hello");
        record.setLoggerName("test");
        record.setInstant(Instant.parse("2026-12-07T10:00:00Z"));
        assertThat(new OneLineFormatter().format(record), is("2026-12-07T10:00:00.000000000Z INFO test: hello\n"));
    }

    @Test
    void droppedRecordsArePublishedAsACounter() throws InterruptedException {
        StuckConsole console = new StuckConsole();
        AsyncConsoleHandler handler = new AsyncConsoleHandler(1, console.printStream());
        try {
            for (int i = 0; i < 5; i++) { // the writer holds one at most, the queue one: three at least dropped
                LogRecord record = new LogRecord(Level.INFO, "record");
                record.setLoggerName("test");
                handler.publish(record);
            }
        } finally {
            console.release();
            handler.close();
        }

        new LoggingExtension().publishDropped(new Object());

        FunctionalCounter counter = Metrics.globalRegistry().meters().stream()
                .filter(meter -> meter.id().name().equals(LoggingExtension.DROPPED_METRIC))
                .map(FunctionalCounter.class::cast)
                .findFirst().orElseThrow();
        assertThat(AsyncConsoleHandler.dropped(), greaterThan(2L));
        assertThat(counter.count(), is(AsyncConsoleHandler.dropped()));
    }
}
