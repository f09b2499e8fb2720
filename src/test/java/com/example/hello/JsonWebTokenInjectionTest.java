package com.example.hello;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.example.hello.support.CallerResource;
import com.example.hello.support.TestIssuer;

import io.helidon.microprofile.testing.AddBean;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;

import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * A resource a user adds gets the caller's token with {@code @Inject JsonWebToken}, as in any MicroProfile JWT
 * application, also when the token's earlier verification is reused (the second request).
 */
@HelidonTest
@AddBean(CallerResource.class)
class JsonWebTokenInjectionTest {
    private final TestIssuer issuer = TestIssuer.shared();
    private final URI server;

    @Inject
    JsonWebTokenInjectionTest(WebTarget target) {
        this.server = target.getUri();
    }

    @AddConfigSource
    static ConfigSource config() {
        return TestIssuer.shared().config(Map.of());
    }

    @Test
    void injectedJsonWebTokenCarriesTheCallersClaims() throws IOException, InterruptedException {
        String token = issuer.token().claim("sub", "auth0|injection-test").permissions("read:admin-messages").sign();
        String expected = "auth0|injection-test\n" + issuer.issuer() + "\n[\"read:admin-messages\"]";
        try (HttpClient client = HttpClient.newHttpClient()) {
            for (String attempt : List.of("first request", "same token again")) {
                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(server.resolve("/test/caller"))
                                .header("Authorization", "Bearer " + token).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(attempt + ": status", response.statusCode(), is(200));
                assertThat(attempt + ": body", response.body(), is(expected));
            }
        }
    }
}
