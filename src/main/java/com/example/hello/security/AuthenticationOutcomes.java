package com.example.hello.security;

import java.util.Locale;

import com.example.hello.metrics.MeterCache;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Tag;

/**
 * Counts how each protected request ended, by reason, as the {@code auth.outcomes} counter on {@code /metrics}
 * ({@code auth_outcomes_total{outcome="expired"}} in Prometheus format): {@code accepted}, {@code missing}, one
 * outcome per {@link TokenRejection} ({@code expired}, {@code bad_signature}, {@code wrong_audience}...), and
 * {@code insufficient_permission}.
 */
public final class AuthenticationOutcomes {
    static final String METRIC = "auth.outcomes";
    private static final MeterCache<String, Counter> COUNTERS = new MeterCache<>(
            (registry, outcome) -> registry.getOrCreate(Counter.builder(METRIC)
                    .scope("application")
                    .description("Authentication and authorization outcomes of protected requests")
                    .addTag(Tag.create("outcome", outcome))));

    private AuthenticationOutcomes() {
    }

    /** A valid token authenticated the caller. */
    public static void accepted() {
        count("accepted");
    }

    /** No bearer token where one is needed. */
    public static void missing() {
        count("missing");
    }

    /** A token was refused. */
    public static void rejected(TokenRejection reason) {
        count(reason.name().toLowerCase(Locale.ROOT));
    }

    /** A valid token lacked a permission the operation requires. */
    public static void insufficientPermission() {
        count("insufficient_permission");
    }

    private static void count(String outcome) {
        COUNTERS.get(outcome).increment();
    }
}
