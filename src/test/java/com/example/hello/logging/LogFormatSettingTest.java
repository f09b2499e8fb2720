package com.example.hello.logging;

import java.time.Instant;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import io.helidon.config.mp.MpConfigSources;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** {@code LOG_FORMAT}: text or json, in any letter case; anything else, or nothing, is text. */
class LogFormatSettingTest {
    private static final Instant INSTANT = Instant.parse("2026-12-07T10:00:00.000000001Z");

    @AfterEach
    void backToText() {
        OneLineFormatter.style(OneLineFormatter.Style.TEXT);
    }

    @Test
    void jsonInAnyLetterCaseChoosesJsonLines() {
        LoggingExtension.applyFormat(config(Map.of("LOG_FORMAT", " Json ")));
        assertThat(line(), is("{\"time\":\"2026-12-07T10:00:00Z\",\"level\":\"INFO\",\"logger\":\"test\","
                                      + "\"message\":\"hello\"}\n"));
    }

    @Test
    void textChoosesTextLines() {
        OneLineFormatter.style(OneLineFormatter.Style.JSON);
        LoggingExtension.applyFormat(config(Map.of("LOG_FORMAT", "TEXT")));
        assertThat(line(), is("2026-12-07T10:00:00.000000001Z INFO test: hello\n"));
    }

    @Test
    void withoutTheSettingLinesAreText() {
        OneLineFormatter.style(OneLineFormatter.Style.JSON);
        LoggingExtension.applyFormat(config(Map.of()));
        assertThat(line(), is("2026-12-07T10:00:00.000000001Z INFO test: hello\n"));
    }

    @Test
    void anUnknownFormatFallsBackToText() {
        OneLineFormatter.style(OneLineFormatter.Style.JSON);
        LoggingExtension.applyFormat(config(Map.of("LOG_FORMAT", "xml")));
        assertThat(line(), is("2026-12-07T10:00:00.000000001Z INFO test: hello\n"));
    }

    private static String line() {
        LogRecord record = new LogRecord(Level.INFO, "hello");
        record.setLoggerName("test");
        record.setInstant(INSTANT);
        return new OneLineFormatter().format(record);
    }

    private static Config config(Map<String, String> values) {
        return ConfigProviderResolver.instance().getBuilder().withSources(MpConfigSources.create(values)).build();
    }
}
