package com.example.hello.errors;

import java.lang.System.Logger.Level;

import com.example.hello.api.model.ErrorMessage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * JSON bodies for the errors raised inside JAX-RS: a 405 keeps its {@code Allow} header, anything unexpected becomes
 * a 500 whose cause is logged here and never sent to the caller.
 * <p>
 * A 404 is passed through untouched: Helidon then tries its other routes (OpenAPI, health, static files) and
 * answers a path nobody serves with the server-level JSON 404 of {@link HttpErrorHandlers}.
 */
@Provider
@ApplicationScoped
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {
    private static final System.Logger LOGGER = System.getLogger(UnexpectedExceptionMapper.class.getName());

    @Override
    public Response toResponse(Throwable exception) {
        if (exception instanceof WebApplicationException wae) {
            Response original = wae.getResponse();
            if (original.getStatus() == Response.Status.NOT_FOUND.getStatusCode()) {
                return original;
            }
            if (original.getStatus() < 500) {
                return Response.fromResponse(original)
                        .type(MediaType.APPLICATION_JSON_TYPE)
                        .entity(new ErrorMessage().message(original.getStatusInfo().getReasonPhrase()))
                        .build();
            }
        }
        LOGGER.log(Level.ERROR, "Unexpected failure while handling a request", exception);
        return Response.serverError()
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorMessage().message(HttpErrorHandlers.INTERNAL_SERVER_ERROR))
                .build();
    }
}
