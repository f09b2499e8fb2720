package com.example.hello.security;

import java.time.Clock;

import com.example.hello.config.Auth0Settings;
import com.example.hello.config.MemoryBudget;

import io.helidon.microprofile.security.SecurityCdiExtension;
import io.helidon.security.Security;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeforeShutdown;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.Extension;
import org.eclipse.microprofile.config.ConfigProvider;

import static jakarta.interceptor.Interceptor.Priority.PLATFORM_AFTER;
import static jakarta.interceptor.Interceptor.Priority.PLATFORM_BEFORE;

/**
 * Plugs Auth0 access-token verification into Helidon security, before Helidon builds it.
 * <p>
 * Who may call what is declared in {@code openapi.yaml} and generated onto the API interfaces as
 * {@code @Authenticated(false)}, {@code @Authenticated} and {@code @RolesAllowed}. This class only chooses how those are
 * decided: bearer tokens authenticate the caller, and, when RBAC is on (the default), Helidon's role check compares
 * the roles in {@code @RolesAllowed} with the token's permissions. With RBAC off, a valid token is enough.
 */
public class SecurityExtension implements Extension {
    private JwksKeySource keySource;

    // Runs before Helidon's security extension builds Security (at LIBRARY_BEFORE).
    void registerProviders(@Observes @Priority(PLATFORM_BEFORE + 10) @Initialized(ApplicationScoped.class) Object event,
                           BeanManager beanManager) {
        Auth0Settings settings = Auth0Settings.from(ConfigProvider.getConfig());
        Clock clock = Clock.systemUTC();
        keySource = new JwksKeySource(settings.jwksUri(), settings.jwksMinRefreshInterval(), settings.jwksMaxAge());
        AccessTokenVerifier verifier = new AccessTokenVerifier(settings, keySource, clock,
                                                               MemoryBudget.ofThisJvm().tokenCacheBytes());

        Security.Builder security = beanManager.getExtension(SecurityCdiExtension.class).securityBuilder();
        security.authenticationProvider(new BearerTokenAuthenticationProvider(verifier));
        if (!settings.rbacEnabled()) {
            security.authorizationProvider(new BasicModeAuthorizationProvider());
        }
    }

    // Once the metrics registry of this container exists (it is renewed when the server restarts).
    void publishMetrics(@Observes @Priority(PLATFORM_AFTER) @Initialized(ApplicationScoped.class) Object event) {
        keySource.publishMetrics();
    }

    // The key source's refresh thread ends with the container (tests start many in one JVM).
    void stopKeyRefresh(@Observes BeforeShutdown event) {
        if (keySource != null) {
            keySource.close();
        }
    }

    /** @return the issuer's signing keys, as used to verify tokens */
    public JwksKeySource keySource() {
        return keySource;
    }
}
