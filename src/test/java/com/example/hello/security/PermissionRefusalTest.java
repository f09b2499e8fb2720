package com.example.hello.security;

import java.lang.annotation.Annotation;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.example.hello.config.Auth0Settings;
import com.example.hello.support.TestIssuer;

import io.helidon.common.context.Context;
import io.helidon.common.context.Contexts;
import io.helidon.security.EndpointConfig;
import io.helidon.security.Security;
import io.helidon.security.SecurityContext;
import io.helidon.security.SecurityEnvironment;
import io.helidon.security.SecurityLevel;

import jakarta.annotation.security.RolesAllowed;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * What a 403 tells the caller: the permissions of the annotation that decided (the method's, else its class's), and
 * whether the token had no {@code permissions} claim at all; read from the request's security context.
 */
class PermissionRefusalTest {
    private final TestIssuer issuer = TestIssuer.shared();
    private final JwksKeySource keys;
    private final Security security;

    PermissionRefusalTest() {
        Auth0Settings settings = Auth0Settings.from(ConfigProviderResolver.instance().getBuilder()
                                                            .withSources(issuer.config(Map.of())).build());
        keys = new JwksKeySource(settings.jwksUri(), settings.jwksMinRefreshInterval(), settings.jwksMaxAge());
        security = Security.builder().addAuthenticationProvider(new BearerTokenAuthenticationProvider(
                new AccessTokenVerifier(settings, keys, Clock.systemUTC(), 1))).build();
        long deadline = System.nanoTime() + 30_000_000_000L; // the first fetch, the deadline only a guard
        while (keys.successfulFetches() == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    @AfterEach
    void stopKeyRefresh() {
        keys.close();
    }

    @RolesAllowed({"read:class", "write:class"})
    static final class Resource {
        @RolesAllowed("read:admin-messages")
        void admin() {
        }

        void inherited() {
        }
    }

    @Test
    void theMethodsPermissionsDecideAndAPresentClaimIsNotMissing() throws NoSuchMethodException {
        SecurityContext context = authenticated(issuer.token().permissions("read:messages").sign(), "admin");
        assertThat(PermissionRefusal.of(context), is(new PermissionRefusal(List.of("read:admin-messages"), false)));
    }

    @Test
    void withoutTheMethodsTheClasssPermissionsDecide() throws NoSuchMethodException {
        SecurityContext context = authenticated(issuer.token().permissions("read:messages").sign(), "inherited");
        assertThat(PermissionRefusal.of(context),
                   is(new PermissionRefusal(List.of("read:class", "write:class"), false)));
    }

    @Test
    void aTokenWithoutPermissionsClaimIsToldSo() throws NoSuchMethodException {
        SecurityContext context = authenticated(issuer.token().sign(), "admin");
        assertThat(PermissionRefusal.of(context), is(new PermissionRefusal(List.of("read:admin-messages"), true)));
    }

    @Test
    void withoutACallerNothingIsMissingAndWithoutAnnotationsNothingIsRequired() {
        SecurityContext context = security.createContext("anonymous");
        context.endpointConfig(EndpointConfig.builder().securityLevels(List.of(
                SecurityLevel.create(Resource.class.getName()).build())).build());
        assertThat(PermissionRefusal.of(context), is(new PermissionRefusal(List.of(), false)));
    }

    @Test
    void theCurrentRefusalIsTheRequestContexts() throws NoSuchMethodException {
        SecurityContext security = authenticated(issuer.token().sign(), "admin");
        Context request = Context.create();
        request.register(security);
        AtomicReference<PermissionRefusal> current = new AtomicReference<>();

        Contexts.runInContext(request, () -> current.set(PermissionRefusal.current()));

        assertThat(current.get(), is(new PermissionRefusal(List.of("read:admin-messages"), true)));
    }

    @Test
    void outsideARequestThereIsNothingToTell() {
        AtomicReference<PermissionRefusal> current = new AtomicReference<>();
        Contexts.runInContext(Context.create(), () -> current.set(PermissionRefusal.current()));
        assertThat(current.get(), is(new PermissionRefusal(List.of(), false)));
    }

    private SecurityContext authenticated(String token, String method) throws NoSuchMethodException {
        SecurityContext context = security.createContext("test");
        context.env(SecurityEnvironment.builder().headers(Map.of("Authorization", List.of("Bearer " + token)))
                            .build());
        assertThat(context.atnClientBuilder().submit().status().isSuccess(), is(true));
        context.endpointConfig(EndpointConfig.builder().securityLevels(List.of(
                SecurityLevel.create(Resource.class.getName())
                        .withClassAnnotations(annotations(Resource.class.getDeclaredAnnotations()))
                        .withMethodName(method)
                        .withMethodAnnotations(annotations(Resource.class.getDeclaredMethod(method)
                                                                   .getDeclaredAnnotations()))
                        .build())).build());
        return context;
    }

    private static Map<Class<? extends Annotation>, List<Annotation>> annotations(Annotation... annotations) {
        Map<Class<? extends Annotation>, List<Annotation>> byType = new java.util.HashMap<>();
        for (Annotation annotation : annotations) {
            byType.computeIfAbsent(annotation.annotationType(), type -> new java.util.ArrayList<>()).add(annotation);
        }
        return byType;
    }
}
