package com.example.hello.health;

import com.example.hello.security.JwksKeySource;
import com.example.hello.security.SecurityExtension;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the issuer's signing keys are loaded, or can be fetched now. Once loaded, cached keys keep working
 * through a short outage of the issuer, so an outage after start does not make the instance unready.
 */
@Readiness
@ApplicationScoped
public class SigningKeysReadiness implements HealthCheck {
    private final JwksKeySource keys;

    /** @param security holds the key source the token verifier uses */
    @Inject
    public SigningKeysReadiness(SecurityExtension security) {
        this.keys = security.keySource();
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("signing-keys")
                .status(keys.keysAvailable())
                .build();
    }
}
