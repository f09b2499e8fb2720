package com.example.hello.support;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import io.helidon.security.jwt.jwk.Jwk;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

/**
 * Builds a compact JWS access token claim by claim, so tests can also build every wrong one. Signing is Helidon's
 * JWK implementation.
 */
public final class TokenBuilder {
    private final Map<String, JsonValue> header = new LinkedHashMap<>();
    private final Map<String, JsonValue> claims = new LinkedHashMap<>();
    private Jwk signingKey;

    TokenBuilder(TestIssuer.SigningKey key) {
        signWith(key);
    }

    /** Sign with this key and name it in {@code kid}. */
    public TokenBuilder signWith(TestIssuer.SigningKey key) {
        signingKey = key.jwk();
        header.put("alg", Json.createValue("RS256"));
        header.put("typ", Json.createValue("JWT"));
        header.put("kid", Json.createValue(key.kid()));
        return this;
    }

    /** Sign with this JWK (for example an HMAC key), header left as it is. */
    public TokenBuilder signWith(Jwk jwk) {
        signingKey = jwk;
        return this;
    }

    /** Set a header field; {@code null} removes it. */
    public TokenBuilder header(String name, String value) {
        if (value == null) {
            header.remove(name);
        } else {
            header.put(name, Json.createValue(value));
        }
        return this;
    }

    /** Set the {@code crit} header (RFC 7515 §4.1.11) to an array of these names. */
    public TokenBuilder critical(String... names) {
        var array = Json.createArrayBuilder();
        for (String name : names) {
            array.add(name);
        }
        header.put("crit", array.build());
        return this;
    }

    /** Set a string claim; {@code null} removes it. */
    public TokenBuilder claim(String name, String value) {
        return claim(name, value == null ? null : Json.createValue(value));
    }

    /** Set a claim to any JSON value; {@code null} removes it. */
    public TokenBuilder claim(String name, JsonValue value) {
        if (value == null) {
            claims.remove(name);
        } else {
            claims.put(name, value);
        }
        return this;
    }

    /** Set {@code permissions} to an array of these strings. */
    public TokenBuilder permissions(String... permissions) {
        var array = Json.createArrayBuilder();
        for (String permission : permissions) {
            array.add(permission);
        }
        return claim("permissions", array.build());
    }

    /** Set {@code exp} relative to now (negative: already expired). */
    public TokenBuilder expiresInSeconds(long seconds) {
        return claim("exp", Json.createValue(Instant.now().getEpochSecond() + seconds));
    }

    /** Set {@code iat} relative to now. */
    public TokenBuilder issuedSecondsAgo(long seconds) {
        return claim("iat", Json.createValue(Instant.now().getEpochSecond() - seconds));
    }

    /** Set {@code nbf} relative to now (positive: in the future). */
    public TokenBuilder notBeforeInSeconds(long seconds) {
        return claim("nbf", Json.createValue(Instant.now().getEpochSecond() + seconds));
    }

    /** @return the signed token */
    public String sign() {
        String signingInput = encode(json(header)) + "." + encode(json(claims));
        byte[] signature = signingKey.sign(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    }

    /** @return the header and claims with an empty signature, as an {@code alg: none} token is sent */
    public String unsigned() {
        return encode(json(header)) + "." + encode(json(claims)) + ".";
    }

    private static String json(Map<String, JsonValue> fields) {
        JsonObjectBuilder object = Json.createObjectBuilder();
        fields.forEach(object::add);
        return object.build().toString();
    }

    private static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
