package com.example.hello;

import java.net.URI;
import java.util.List;
import java.util.Map;

import com.example.hello.client.ApiException;
import com.example.hello.client.model.ErrorMessage;
import com.example.hello.client.model.Message;
import com.example.hello.support.Sdk;
import com.example.hello.support.TestIssuer;

import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;

import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The reference's basic mode: with RBAC_ENABLED=false the admin message needs a valid token, nothing more. */
@HelidonTest
class BasicModeTest {
    private final TestIssuer issuer = TestIssuer.shared();
    private final URI server;

    @Inject
    BasicModeTest(WebTarget target) {
        this.server = target.getUri();
    }

    @AddConfigSource
    static ConfigSource config() {
        return TestIssuer.shared().config(Map.of("RBAC_ENABLED", "false"));
    }

    @Test
    void adminMessageIsServedForAnyValidToken() throws ApiException {
        assertThat(Sdk.messages(server, issuer.token().sign()).getAdminMessage(),
                   is(new Message().text("The API successfully recognized you as an admin.")));
    }

    @Test
    void adminMessageStillRequiresAToken() {
        ApiException refusal = assertThrows(ApiException.class, Sdk.messages(server)::getAdminMessage);
        assertThat("status", refusal.getCode(), is(401));
        assertThat("body", Sdk.errorBody(refusal, ErrorMessage.class),
                   is(new ErrorMessage().message("Requires authentication")));
        assertThat("challenge", refusal.getResponseHeaders().allValues("WWW-Authenticate"),
                   is(List.of("Bearer realm=\"hello-world-api\"")));
    }

    @Test
    void adminMessageStillRefusesAnInvalidToken() {
        String expired = issuer.token().expiresInSeconds(-3600).sign();
        ApiException refusal = assertThrows(ApiException.class, Sdk.messages(server, expired)::getAdminMessage);
        assertThat("status", refusal.getCode(), is(401));
        assertThat("body", Sdk.errorBody(refusal, ErrorMessage.class), is(new ErrorMessage().message("Bad credentials")));
        assertThat("challenge", refusal.getResponseHeaders().allValues("WWW-Authenticate"), is(List.of(
                "Bearer realm=\"hello-world-api\", error=\"invalid_token\", "
                        + "error_description=\"The access token expired\"")));
    }
}
