package com.example.hello.logging;

import java.util.logging.Level;
import java.util.logging.Logger;

import io.helidon.metrics.api.FunctionalCounter;
import io.helidon.metrics.api.Metrics;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.Extension;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import static jakarta.interceptor.Interceptor.Priority.PLATFORM_AFTER;
import static jakarta.interceptor.Interceptor.Priority.PLATFORM_BEFORE;

/**
 * Applies {@code LOG_FORMAT} ({@code text} or {@code json}) before the server starts, and publishes the
 * count of log records the asynchronous handler dropped as the {@code log.dropped} counter
 * ({@code log_dropped_total} in Prometheus format). The handlers and levels are in {@code logging.properties}.
 */
public final class LoggingExtension implements Extension {
    static final String FORMAT_KEY = "LOG_FORMAT";
    static final String DROPPED_METRIC = "log.dropped";

    // As early as the configuration is complete (the tests' own sources included), before the server starts.
    void applyFormat(@Observes @Priority(PLATFORM_BEFORE) @Initialized(ApplicationScoped.class) Object event) {
        applyFormat(ConfigProvider.getConfig());
    }

    /**
     * Applies {@code LOG_FORMAT}; {@code Main} calls it too, so the lines written before the server starts (development
     * mode's warning) are in the chosen format.
     *
     * @param config the configuration to read {@code LOG_FORMAT} from
     */
    public static void applyFormat(Config config) {
        String format = config.getOptionalValue(FORMAT_KEY, String.class).orElse("text");
        try {
            OneLineFormatter.style(OneLineFormatter.Style.parse(format));
        } catch (IllegalArgumentException e) {
            OneLineFormatter.style(OneLineFormatter.Style.TEXT);
            Logger.getLogger(LoggingExtension.class.getName())
                    .log(Level.WARNING, "LOG_FORMAT must be text or json; using text");
        }
    }

    // Once the metrics registry of this container exists (it is renewed when the server restarts).
    void publishDropped(@Observes @Priority(PLATFORM_AFTER) @Initialized(ApplicationScoped.class) Object event) {
        Metrics.getOrCreate(FunctionalCounter.builder(DROPPED_METRIC, AsyncConsoleHandler.class,
                                                      handler -> AsyncConsoleHandler.dropped())
                                    .scope("application")
                                    .description("Log records dropped because the log writer's queue was full"));
    }
}
