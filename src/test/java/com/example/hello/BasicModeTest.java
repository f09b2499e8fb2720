package com.example.hello;

import java.util.Map;

import com.example.hello.support.Http;
import com.example.hello.support.TestIssuer;

import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;

import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import static com.example.hello.support.Responses.assertJson;
import static com.example.hello.support.Responses.object;

/** The reference's basic mode: with RBAC_ENABLED=false the admin message needs a valid token, nothing more. */
@HelidonTest
class BasicModeTest {
    private final TestIssuer issuer = TestIssuer.shared();
    private final Http http;

    @Inject
    BasicModeTest(WebTarget target) {
        this.http = new Http(target.getUri());
    }

    @AddConfigSource
    static ConfigSource config() {
        return TestIssuer.shared().config(Map.of("RBAC_ENABLED", "false"));
    }

    @Test
    void adminMessageIsServedForAnyValidToken() {
        assertJson(http.getWithToken("/api/messages/admin", issuer.token().sign()), 200,
                   object("text", "The API successfully recognized you as an admin."));
    }

    @Test
    void adminMessageStillRequiresAToken() {
        assertJson(http.get("/api/messages/admin"), 401, object("message", "Requires authentication"));
    }

    @Test
    void adminMessageStillRefusesAnInvalidToken() {
        String expired = issuer.token().expiresInSeconds(-3600).sign();
        assertJson(http.getWithToken("/api/messages/admin", expired), 401, object("message", "Bad credentials"));
    }
}
