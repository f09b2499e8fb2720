package com.example.hello.web;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/**
 * Request count and latency per API operation and status, as the {@code api.requests} timer on {@code /metrics}
 * ({@code api_requests_seconds_count{operation="getProtectedMessage",status="401"}}), refusals by security included.
 * <p>
 * Helidon's built-in REST metrics only see resource classes annotated with {@code @Path}; ours inherit their paths
 * from the generated interfaces. Operations are the contract's operationIds, so the tags stay few and known.
 */
@Provider
@ApplicationScoped
@Priority(Priorities.AUTHENTICATION - 100)
public class EndpointMetrics implements ContainerRequestFilter, ContainerResponseFilter {
    static final String METRIC = "api.requests";
    private static final String START = EndpointMetrics.class.getName() + ".start";

    @Context
    private ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(START, System.nanoTime());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(request.getProperty(START) instanceof Long start) || resource.getResourceMethod() == null) {
            return;
        }
        Metrics.getOrCreate(Timer.builder(METRIC)
                                    .scope("application")
                                    .description("Requests to API operations, by operation and status")
                                    .tags(List.of(Tag.create("operation", resource.getResourceMethod().getName()),
                                                  Tag.create("status", String.valueOf(response.getStatus())))))
                .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
}
