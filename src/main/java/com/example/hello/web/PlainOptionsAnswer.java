package com.example.hello.web;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * A plain {@code OPTIONS} (no CORS preflight: those are answered by the CORS feature before JAX-RS) gets
 * {@code 204} with {@code Allow}, and no body. Jersey's automatic answer repeats the {@code Allow} header as a
 * {@code text/plain} body ({@code HEAD, GET, OPTIONS}), the one text answer of a JSON API.
 */
@Provider
@ApplicationScoped
@Priority(Priorities.HEADER_DECORATOR)
public class PlainOptionsAnswer implements ContainerResponseFilter {
    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (HttpMethod.OPTIONS.equals(request.getMethod())
                && response.getStatus() == Response.Status.OK.getStatusCode()
                && MediaType.TEXT_PLAIN_TYPE.isCompatible(response.getMediaType())
                && response.getHeaders().containsKey(HttpHeaders.ALLOW)) {
            response.setEntity(null);
            response.getHeaders().remove(HttpHeaders.CONTENT_TYPE);
            response.setStatus(Response.Status.NO_CONTENT.getStatusCode());
        }
    }
}
