package com.example.hello.metrics;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.MetricsConfig;
import io.helidon.metrics.api.Tag;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.sameInstance;

/** Each meter is registered once per registry, counts where the registry shows it, and follows a new registry. */
class MeterCacheTest {
    /** A metric of this test's own, fresh in each test (Helidon's global registry lives as long as the JVM). */
    private final String metric = "meter.cache.probe." + System.nanoTime();
    private final AtomicReference<MeterRegistry> registry = new AtomicReference<>(Metrics.globalRegistry());
    private final AtomicInteger registrations = new AtomicInteger();
    private final MeterCache<String, Counter> counters = new MeterCache<>(registry::get, (registry, outcome) -> {
        registrations.incrementAndGet();
        return registry.getOrCreate(Counter.builder(metric).addTag(Tag.create("outcome", outcome)));
    });

    @Test
    void aKeyIsRegisteredOnceAndCountsInTheRegistry() {
        counters.get("accepted").increment();
        counters.get("accepted").increment();

        assertThat("registered once", registrations.get(), is(1));
        assertThat("the registry's counter", count(registry.get(), "accepted"), is(2L));
    }

    @Test
    void eachKeyHasItsOwnMeter() {
        counters.get("accepted").increment();
        counters.get("expired").increment();

        assertThat(counters.get("accepted"), is(not(sameInstance(counters.get("expired")))));
        assertThat(count(registry.get(), "accepted"), is(1L));
        assertThat(count(registry.get(), "expired"), is(1L));
    }

    @Test
    void aNewRegistryGetsItsOwnMeters() {
        Counter old = counters.get("accepted");

        MeterRegistry second = newRegistry();
        registry.set(second);

        assertThat("not the old registry's meter", counters.get("accepted"), is(not(sameInstance(old))));
        assertThat("registered again, in the new registry", registrations.get(), is(2));
        assertThat("the new registry's meter", counters.get("accepted"),
                   is(sameInstance(second.counter(metric, List.of(Tag.create("outcome", "accepted"))).orElseThrow())));
    }

    /** A registry such as Helidon makes when a server starts again in the same JVM. */
    private static MeterRegistry newRegistry() {
        return Metrics.createMeterRegistry(MetricsConfig.create());
    }

    private long count(MeterRegistry registry, String outcome) {
        return registry.counter(metric, List.of(Tag.create("outcome", outcome))).map(Counter::count)
                .orElse(-1L);
    }
}
