package com.example.hello;

import java.util.Map;

import com.example.hello.support.Http;
import com.example.hello.support.Management;
import com.example.hello.support.TestIssuer;

import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;

import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static com.example.hello.support.Responses.json;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** Once the signing keys are loaded, an issuer outage changes nothing: the instance stays ready, tokens still work. */
@HelidonTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IssuerOutageTest {
    private static final TestIssuer ISSUER = TestIssuer.start();

    private final Http http;

    @Inject
    IssuerOutageTest(WebTarget target) {
        this.http = new Http(target.getUri());
    }

    @AddConfigSource
    static ConfigSource config() {
        return ISSUER.config(Map.of());
    }

    @Test
    @Order(1)
    void readyWhileTheIssuerIsUp() {
        assertThat(Management.http().get("/health/ready").statusCode(), is(200));
        assertThat(http.getWithToken("/api/messages/protected", ISSUER.token().sign()).statusCode(), is(200));
    }

    @Test
    @Order(2)
    void stillReadyAndAcceptingTokensWhenTheIssuerGoesDown() {
        String token = ISSUER.token().sign();
        ISSUER.close();
        assertThat(json(Management.http().get("/health/ready")).getString("status"), is("UP"));
        assertThat(http.getWithToken("/api/messages/protected", token).statusCode(), is(200));
    }
}
