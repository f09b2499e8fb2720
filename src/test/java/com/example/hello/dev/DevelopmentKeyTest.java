package com.example.hello.dev;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Base64;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * The development key: RSA 2048, kept under the user's home by default, published as a JWKS whose modulus has no
 * sign byte (RFC 7518 §6.3.1: unsigned big-endian), its {@code kid} the issuer's key id.
 */
class DevelopmentKeyTest {
    @TempDir
    Path directory;

    @Test
    void theKeyIsKeptUnderTheUsersHome() {
        assertThat(DevIssuer.defaultKeyFile(), is(Path.of(System.getProperty("user.home"), ".hello-world-api",
                                                          "dev-signing-key.pk8")));
    }

    @Test
    void aNewKeyIsRsa2048PublishedUnsigned() {
        DevIssuer issuer = DevIssuer.loadOrCreate(directory.resolve("key.pk8"));
        JsonObject key = issuer.jwks().getJsonArray("keys").getJsonObject(0);

        byte[] modulus = Base64.getUrlDecoder().decode(key.getString("n"));
        assertThat("bytes, no sign byte", modulus.length, is(256));
        assertThat("bits", new BigInteger(1, modulus).bitLength(), is(2048));
        assertThat(key.getString("e"), is("AQAB"));
        assertThat(key.getString("kid"), is(issuer.keyId()));
        assertThat(issuer.keyId().matches("dev-[A-Za-z0-9_-]{16}"), is(true));
    }
}
