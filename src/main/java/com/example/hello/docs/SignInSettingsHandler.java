package com.example.hello.docs;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;

/**
 * {@code GET /docs/sign-in.json}: what Swagger UI's initializer needs to offer the sign-in, the client id and the
 * audience ({@code {}} when no client is configured). A file the page fetches, so the page needs no inline script.
 * Neither value is a secret: a public client has none.
 */
public final class SignInSettingsHandler implements Handler {
    /** Where the initializer fetches it. */
    public static final String PATH = "/docs/sign-in.json";

    private final byte[] body;

    /** @param signIn the sign-in, if configured */
    public SignInSettingsHandler(Optional<SwaggerUiSignIn> signIn) {
        JsonObjectBuilder json = Json.createObjectBuilder();
        signIn.ifPresent(s -> json.add("clientId", s.clientId()).add("audience", s.audience()));
        this.body = json.build().toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        res.header(HeaderValues.CONTENT_TYPE_JSON).send(body);
    }
}
