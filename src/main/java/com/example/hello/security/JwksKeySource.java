package com.example.hello.security;

import java.io.IOException;
import java.io.StringReader;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.helidon.security.jwt.jwk.JwkKeys;

import jakarta.json.Json;
import jakarta.json.JsonException;

/**
 * The issuer's signing keys (JWKS), fetched on first use and cached.
 * <p>
 * MicroProfile JWT at Helidon 4.3.0 loads the JWKS once and never again; Auth0 rotates keys. So this source
 * re-fetches when a token names a key it does not know or when the cached set is older than {@code maxAge}, but
 * never more often than once per {@code minRefreshInterval}, so a flood of made-up key ids cannot turn the service
 * into a load generator against the issuer. When a fetch fails, the keys already cached keep working.
 */
public final class JwksKeySource {
    private static final System.Logger LOGGER = System.getLogger(JwksKeySource.class.getName());
    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(2);

    private final URI jwksUri;
    private final Duration minRefreshInterval;
    private final Duration maxAge;
    private final Clock clock;
    private final HttpClient http;

    private volatile Snapshot snapshot;
    private Instant lastAttempt;

    private record Snapshot(JwkKeys keys, Instant fetchedAt) {
    }

    /**
     * @param jwksUri            where the issuer publishes its keys
     * @param minRefreshInterval the least time between two fetches
     * @param maxAge             how long a fetched key set is used before it is fetched again
     * @param clock              time source
     */
    public JwksKeySource(URI jwksUri, Duration minRefreshInterval, Duration maxAge, Clock clock) {
        this.jwksUri = jwksUri;
        this.minRefreshInterval = minRefreshInterval;
        this.maxAge = maxAge;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(FETCH_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * The current key set, which holds the key {@code keyId}.
     *
     * @param keyId the token's {@code kid}
     * @return keys to verify the token's signature with
     * @throws TokenRejectedException {@link TokenRejection#UNKNOWN_KEY} or {@link TokenRejection#KEYS_UNAVAILABLE}
     */
    JwkKeys keysHolding(String keyId) throws TokenRejectedException {
        Snapshot current = snapshot;
        Instant now = clock.instant();
        if (current != null && current.keys.forKeyId(keyId).isPresent()
                && current.fetchedAt.plus(maxAge).isAfter(now)) {
            return current.keys;
        }
        current = refreshIfAllowed(now);
        if (current == null) {
            throw new TokenRejectedException(TokenRejection.KEYS_UNAVAILABLE);
        }
        if (current.keys.forKeyId(keyId).isEmpty()) {
            throw new TokenRejectedException(TokenRejection.UNKNOWN_KEY);
        }
        return current.keys;
    }

    /**
     * Whether keys are loaded, fetching them if they never were (subject to the refresh limit).
     *
     * @return true when tokens can be verified
     */
    public boolean keysAvailable() {
        Snapshot current = snapshot;
        return current != null || refreshIfAllowed(clock.instant()) != null;
    }

    private synchronized Snapshot refreshIfAllowed(Instant now) {
        if (lastAttempt != null && now.isBefore(lastAttempt.plus(minRefreshInterval))) {
            return snapshot;
        }
        lastAttempt = now;
        try {
            snapshot = new Snapshot(fetch(), now);
        } catch (IOException | JsonException | IllegalArgumentException e) {
            LOGGER.log(Level.WARNING, "Could not fetch signing keys from " + jwksUri + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return snapshot;
    }

    private JwkKeys fetch() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(jwksUri)
                .timeout(FETCH_TIMEOUT)
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("status " + response.statusCode());
        }
        try (var reader = Json.createReader(new StringReader(response.body()))) {
            return JwkKeys.create(reader.readObject());
        }
    }
}
