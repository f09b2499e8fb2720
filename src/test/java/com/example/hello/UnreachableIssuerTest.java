package com.example.hello;

import java.util.Map;

import com.example.hello.support.Http;
import com.example.hello.support.Management;
import com.example.hello.support.PrometheusText;
import com.example.hello.support.TestIssuer;

import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.ws.rs.client.WebTarget;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import static com.example.hello.support.Responses.assertJson;
import static com.example.hello.support.Responses.header;
import static com.example.hello.support.Responses.json;
import static com.example.hello.support.Responses.object;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/** With the issuer's keys out of reach, the service still starts: not ready, public works, tokens get a clean 401. */
@HelidonTest
class UnreachableIssuerTest {
    private final Http http;

    @Inject
    UnreachableIssuerTest(WebTarget target) {
        this.http = new Http(target.getUri());
    }

    @AddConfigSource
    static ConfigSource config() {
        // Port 1 on loopback: nothing listens there, so every fetch is refused at once.
        return TestIssuer.shared().config(Map.of("mp.jwt.verify.publickey.location",
                                                 "http://127.0.0.1:1/.well-known/jwks.json"));
    }

    @Test
    void notReadyWithoutSigningKeys() {
        assertThat(Management.http().get("/health/ready").statusCode(), is(503));
        assertThat(json(Management.http().get("/health/ready")).getString("status"), is("DOWN"));
        assertThat("the check that is DOWN", json(Management.http().get("/health/ready")).getJsonArray("checks"),
                   is(Json.createArrayBuilder().add(Json.createObjectBuilder()
                           .add("name", "signing-keys").add("status", "DOWN")).build()));
        assertThat(Management.http().get("/health/live").statusCode(), is(200));
    }

    @Test
    void tokensAreCountedAsKeysUnavailable() {
        String metric = "auth_outcomes_total";
        double before = PrometheusText.value(Management.http().get("/metrics").body(), metric,
                                             "outcome", "keys_unavailable");
        String token = TestIssuer.shared().token().claim("jti", "keys-unavailable").sign();
        http.getWithToken("/api/messages/protected", token);
        assertThat(PrometheusText.value(Management.http().get("/metrics").body(), metric,
                                        "outcome", "keys_unavailable") - before, is(1.0));
    }

    @Test
    void publicMessageStillWorks() {
        assertThat(http.get("/api/messages/public").statusCode(), is(200));
    }

    @Test
    void tokensAreRefusedWithA401NotA500() {
        var response = http.getWithToken("/api/messages/protected", TestIssuer.shared().token().sign());
        assertJson(response, 401, object("message", "Bad credentials"));
        assertThat(header(response, "WWW-Authenticate"),
                   containsString("error_description=\"The signing keys of the issuer are unavailable\""));
    }
}
