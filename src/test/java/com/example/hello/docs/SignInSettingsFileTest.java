package com.example.hello.docs;

import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

/** {@code /docs/sign-in.json}: the client id and audience Swagger UI signs in with, as JSON. */
class SignInSettingsFileTest {

    @Test
    void theFileGivesTheClientIdAndTheAudience() {
        Sent sent = handle(Optional.of(new SwaggerUiSignIn("swagger-client", "https://api",
                                                           URI.create("https://t.auth0.com/authorize"),
                                                           URI.create("https://t.auth0.com/oauth/token"))));
        assertThat(sent.headers, contains((Object) HeaderValues.CONTENT_TYPE_JSON));
        assertThat(sent.body, is("{\"clientId\":\"swagger-client\",\"audience\":\"https://api\"}"));
    }

    @Test
    void withoutASignInTheFileIsAnEmptyObject() {
        Sent sent = handle(Optional.empty());
        assertThat(sent.headers, contains((Object) HeaderValues.CONTENT_TYPE_JSON));
        assertThat(sent.body, is("{}"));
    }

    /** What the handler set on the response. */
    private static final class Sent {
        final List<Object> headers = new ArrayList<>();
        String body;
    }

    private static Sent handle(Optional<SwaggerUiSignIn> signIn) {
        Sent sent = new Sent();
        ServerResponse[] response = new ServerResponse[1];
        response[0] = (ServerResponse) Proxy.newProxyInstance(
                ServerResponse.class.getClassLoader(), new Class<?>[] {ServerResponse.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "header" -> {
                            sent.headers.add(args[0]);
                            return response[0];
                        }
                        case "send" -> {
                            sent.body = new String((byte[]) args[0], StandardCharsets.UTF_8);
                            return null;
                        }
                        default -> throw new UnsupportedOperationException(method.toString());
                    }
                });
        new SignInSettingsHandler(signIn).handle((ServerRequest) null, response[0]);
        return sent;
    }
}
