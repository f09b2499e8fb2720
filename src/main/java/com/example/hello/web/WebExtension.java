package com.example.hello.web;

import java.util.Optional;

import com.example.hello.docs.SignInSettingsHandler;
import com.example.hello.docs.SwaggerUiSignIn;
import com.example.hello.errors.CorsRefusalBody;
import com.example.hello.errors.HttpErrorHandlers;

import io.helidon.microprofile.server.ServerCdiExtension;
import io.helidon.webserver.http.HttpRouting;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.Extension;
import org.eclipse.microprofile.config.ConfigProvider;

import static jakarta.interceptor.Interceptor.Priority.PLATFORM_BEFORE;

/**
 * Server-level behaviour that must cover every route, not only JAX-RS resources: the security headers and the JSON
 * error answers (CORS refusals included), the access log, and Swagger UI's sign-in settings. (CORS itself is
 * Helidon's CORS feature, configured in {@code microprofile-config.properties}.)
 */
public final class WebExtension implements Extension {
    // Before the server is built and started, which happens late in the same event.
    void configureRouting(@Observes @Priority(PLATFORM_BEFORE + 20) @Initialized(ApplicationScoped.class) Object event,
                          BeanManager beanManager) {
        Optional<SwaggerUiSignIn> signIn = SwaggerUiSignIn.from(ConfigProvider.getConfig());
        SecurityHeaders headers = new SecurityHeaders(signIn.map(SwaggerUiSignIn::tokenOrigin));
        HttpRouting.Builder routing = beanManager.getExtension(ServerCdiExtension.class).serverRoutingBuilder();
        routing.addFilter(new AccessLog());
        routing.addFilter(headers);
        routing.addFilter(new RequestHeaderLimit());
        routing.addFilter(new CorsRefusalBody());
        routing.get(SignInSettingsHandler.PATH, new SignInSettingsHandler(signIn));
        HttpErrorHandlers.register(routing, headers);
    }
}
