package com.example.hello.errors;

import java.lang.System.Logger.Level;

import com.example.hello.api.model.ErrorMessage;
import com.example.hello.web.SecurityHeaders;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpException;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * JSON answers for what fails outside JAX-RS, at the web server: a path no route serves (404), other HTTP errors
 * raised by routing, and anything unexpected (500, cause logged, never sent).
 */
public final class HttpErrorHandlers {
    static final String INTERNAL_SERVER_ERROR = "Internal Server Error";
    private static final System.Logger LOGGER = System.getLogger(HttpErrorHandlers.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpErrorHandlers() {
    }

    /**
     * Registers the handlers on the server's routing.
     *
     * @param routing the routing of the default socket
     * @param headers the security headers, set again on the error answer
     */
    public static void register(HttpRouting.Builder routing, SecurityHeaders headers) {
        routing.error(HttpException.class, (req, res, e) -> send(req, res, e.status(), headers))
                .error(Throwable.class, (req, res, e) -> {
                    LOGGER.log(Level.ERROR, "Unexpected failure while handling a request", e);
                    send(req, res, Status.INTERNAL_SERVER_ERROR_500, headers);
                });
    }

    private static void send(ServerRequest req, ServerResponse res, Status status, SecurityHeaders headers) {
        headers.apply(req.path().absolute().path(), res.headers());
        res.status(status).header(HeaderValues.CONTENT_TYPE_JSON);
        sendContent(req.prologue().method(), res, json(status.code() >= 500 ? INTERNAL_SERVER_ERROR : status.reasonPhrase()));
    }

    /**
     * Sends the content, or for {@code HEAD} only its length: an answer to HEAD has no content (RFC 9110 §9.3.2), and
     * Helidon 4.3.0 sends whatever it is given, which a client reusing the connection would read as its next answer.
     *
     * @param method  the request's method
     * @param res     the response
     * @param content the content a GET would get
     */
    public static void sendContent(Method method, ServerResponse res, byte[] content) {
        if (method == Method.HEAD) {
            res.header(HeaderValues.create(HeaderNames.CONTENT_LENGTH, content.length)).send();
        } else {
            res.send(content);
        }
    }

    /**
     * The JSON error body of the contract ({@code {"message": ...}}).
     *
     * @param message the message, never a detail of a failure
     * @return the body's bytes
     */
    public static byte[] json(String message) {
        try {
            return JSON.writeValueAsBytes(new ErrorMessage().message(message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An error message could not be written as JSON", e);
        }
    }
}
