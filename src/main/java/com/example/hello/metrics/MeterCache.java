package com.example.hello.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;

/**
 * The meters of one metric, one per key (an outcome, a status...), found in Helidon's registry once rather than on
 * every request: the registry's {@code getOrCreate} takes a lock and builds an id each time, which cost more than the
 * rest of a protected request's own work (profiled with JFR). When Helidon replaces its registry (a server restarted
 * in the same JVM, as tests do), the meters are registered again in the new one.
 *
 * @param <K> what tells the meters apart
 * @param <M> the kind of meter
 */
public final class MeterCache<K, M extends Meter> {
    private final Supplier<MeterRegistry> registries;
    private final BiFunction<MeterRegistry, K, M> register;
    private volatile Registered<K, M> registered = new Registered<>(null);

    private record Registered<K, M>(MeterRegistry registry, Map<K, M> meters) {
        Registered(MeterRegistry registry) {
            this(registry, new ConcurrentHashMap<>());
        }
    }

    /**
     * Meters of Helidon's global registry.
     *
     * @param register registers the meter of a key in a registry ({@code registry.getOrCreate(builder)}), called the
     *                 first time the key is asked for in that registry
     */
    public MeterCache(BiFunction<MeterRegistry, K, M> register) {
        this(Metrics::globalRegistry, register);
    }

    MeterCache(Supplier<MeterRegistry> registries, BiFunction<MeterRegistry, K, M> register) {
        this.registries = registries;
        this.register = register;
    }

    /**
     * @param key which meter
     * @return the meter of that key in the current registry
     */
    public M get(K key) {
        MeterRegistry registry = registries.get();
        Registered<K, M> current = registered;
        if (current.registry() != registry) {
            current = new Registered<>(registry);
            registered = current;
        }
        return current.meters().computeIfAbsent(key, k -> register.apply(registry, k));
    }
}
