package com.example.hello.security;

import java.time.Clock;

import com.example.hello.config.Auth0Settings;

import io.helidon.microprofile.security.SecurityCdiExtension;
import io.helidon.security.Security;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.Extension;
import org.eclipse.microprofile.config.ConfigProvider;

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
    /** What one remembered decision about a token costs on the heap (measured: ~4.2 KB for an Auth0-sized token). */
    private static final long BYTES_PER_CACHED_DECISION = 4 * 1024;
    private static final int MIN_CACHED_DECISIONS = 1_024;
    private static final int MAX_CACHED_DECISIONS = 16_384;

    private JwksKeySource keySource;

    // Runs before Helidon's security extension builds Security (at LIBRARY_BEFORE).
    void registerProviders(@Observes @Priority(PLATFORM_BEFORE + 10) @Initialized(ApplicationScoped.class) Object event,
                           BeanManager beanManager) {
        Auth0Settings settings = Auth0Settings.from(ConfigProvider.getConfig());
        Clock clock = Clock.systemUTC();
        keySource = new JwksKeySource(settings.jwksUri(), settings.jwksMinRefreshInterval(), settings.jwksMaxAge(), clock);
        AccessTokenVerifier verifier = new AccessTokenVerifier(settings, keySource, clock,
                                                               cachedDecisions(Runtime.getRuntime().maxMemory()));

        Security.Builder security = beanManager.getExtension(SecurityCdiExtension.class).securityBuilder();
        security.authenticationProvider(new BearerTokenAuthenticationProvider(verifier));
        if (!settings.rbacEnabled()) {
            security.authorizationProvider(new BasicModeAuthorizationProvider());
        }
    }

    /** @return the issuer's signing keys, as used to verify tokens */
    public JwksKeySource keySource() {
        return keySource;
    }

    /**
     * How many decisions about tokens already seen are kept, so a token sent again is not verified again: as many as
     * fit in a third of the heap (half the serial collector's old generation, which also holds the ~20 MB the server
     * needs anyway), between 1,024 and 16,384: about 10,500 with the Dockerfile's 128 MB. A fixed count would either
     * waste a large heap or, under many distinct tokens, fill a small one until the JVM runs out of memory.
     */
    static int cachedDecisions(long maxHeapBytes) {
        long fitting = maxHeapBytes / 3 / BYTES_PER_CACHED_DECISION;
        return Math.clamp(fitting, MIN_CACHED_DECISIONS, MAX_CACHED_DECISIONS);
    }
}
