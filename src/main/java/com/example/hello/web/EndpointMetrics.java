package com.example.hello.web;

import java.util.List;
import java.util.concurrent.TimeUnit;

import com.example.hello.metrics.MeterCache;

import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;

/**
 * Request count and latency per API operation and status, as the {@code api.requests} timer on {@code /metrics}
 * ({@code api_requests_seconds_count{operation="getProtectedMessage",status="401"}}), refusals by security included.
 * <p>
 * Helidon's built-in REST metrics only see resource classes annotated with {@code @Path}; ours inherit their paths
 * from the generated interfaces. Operations are the contract's operationIds, so the tags stay few and known. Each
 * operation gets its own filter when the application starts, which knows its name: nothing is looked up per request
 * but the timer of the answer's status, kept once found.
 */
@Provider
@ApplicationScoped
public class EndpointMetrics implements DynamicFeature {
    static final String METRIC = "api.requests";

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        context.register(new OperationTimer(resource.getResourceMethod().getName()), Priorities.AUTHENTICATION - 100);
    }

    /** Times the requests to one operation, from before authentication to the answer. */
    static final class OperationTimer implements ContainerRequestFilter, ContainerResponseFilter {
        private static final String START = OperationTimer.class.getName() + ".start";

        private final MeterCache<Integer, Timer> timers;

        OperationTimer(String operation) {
            timers = new MeterCache<>((registry, status) -> registry.getOrCreate(Timer.builder(METRIC)
                    .scope("application")
                    .description("Requests to API operations, by operation and status")
                    .tags(List.of(Tag.create("operation", operation), Tag.create("status", String.valueOf(status))))));
        }

        @Override
        public void filter(ContainerRequestContext request) {
            request.setProperty(START, System.nanoTime());
        }

        @Override
        public void filter(ContainerRequestContext request, ContainerResponseContext response) {
            if (request.getProperty(START) instanceof Long start) {
                timers.get(response.getStatus()).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
        }
    }
}
