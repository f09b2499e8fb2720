package com.example.hello.support;

import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;

import com.example.hello.client.ApiClient;
import com.example.hello.client.ApiException;
import com.example.hello.client.api.MessagesApi;
import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * The Java client generated from {@code openapi.yaml} (target/generated-test-sources), as a user of the API would
 * use it, pointed at the server under test. Its answers are checked against the contract on the way in.
 */
public final class Sdk {
    private Sdk() {
    }

    /** @return the messages API, calling without a token */
    public static MessagesApi messages(URI server) {
        return new MessagesApi(client(server));
    }

    /** @return the messages API, calling with {@code Authorization: Bearer token} */
    public static MessagesApi messages(URI server, String token) {
        ApiClient client = client(server);
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        return new MessagesApi(client);
    }

    /**
     * The JSON error body an {@link ApiException} carries, as one of the contract's error models.
     *
     * @param refusal what the client threw
     * @param model   the generated model of the error, e.g. {@code ErrorMessage.class}
     * @return the body parsed into the model (unknown fields are an error)
     */
    public static <T> T errorBody(ApiException refusal, Class<T> model) {
        try {
            return ApiClient.createDefaultObjectMapper()
                    .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(refusal.getResponseBody(), model);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("The error body is not a " + model.getSimpleName(), e);
        }
    }

    private static ApiClient client(URI server) {
        String base = server.toString().replaceAll("/+$", "");
        return new ApiClient(ContractCheckingHttpClient.newBuilder(), ApiClient.createDefaultObjectMapper(), base)
                .setReadTimeout(Duration.ofSeconds(10));
    }
}
