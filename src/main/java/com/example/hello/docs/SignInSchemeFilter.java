package com.example.hello.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.security.OAuthFlow;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * The contract as served at {@code /openapi} ({@code mp.openapi.filter}): its {@value #SCHEME} sign-in scheme gets
 * the configured issuer's authorization and token URLs in place of the file's placeholders, or is left out, with
 * the requirements naming it, when Swagger UI has no client to sign in with (then the bearer field is all it shows).
 */
public final class SignInSchemeFilter implements OASFilter {
    /** The name of the sign-in scheme in {@code openapi.yaml}. */
    static final String SCHEME = "auth0";

    @Override
    public void filterOpenAPI(OpenAPI openApi) {
        if (openApi.getComponents() == null || openApi.getComponents().getSecuritySchemes() == null
                || !openApi.getComponents().getSecuritySchemes().containsKey(SCHEME)) {
            return;
        }
        Optional<SwaggerUiSignIn> signIn = SwaggerUiSignIn.from(ConfigProvider.getConfig());
        if (signIn.isPresent()) {
            SecurityScheme scheme = openApi.getComponents().getSecuritySchemes().get(SCHEME);
            OAuthFlow flow = scheme.getFlows().getAuthorizationCode();
            flow.setAuthorizationUrl(signIn.get().authorizationUrl().toString());
            flow.setTokenUrl(signIn.get().tokenUrl().toString());
            return;
        }
        openApi.getComponents().removeSecurityScheme(SCHEME);
        withoutScheme(openApi.getSecurity()).ifPresent(openApi::setSecurity);
        if (openApi.getPaths() != null && openApi.getPaths().getPathItems() != null) {
            openApi.getPaths().getPathItems().values().forEach(path -> path.getOperations().values()
                    .forEach(SignInSchemeFilter::removeFrom));
        }
    }

    private static void removeFrom(Operation operation) {
        withoutScheme(operation.getSecurity()).ifPresent(operation::setSecurity);
    }

    /** @return the requirements without those naming the scheme, if there were any to remove */
    private static Optional<List<SecurityRequirement>> withoutScheme(List<SecurityRequirement> requirements) {
        if (requirements == null || requirements.stream().noneMatch(r -> r.hasScheme(SCHEME))) {
            return Optional.empty();
        }
        return Optional.of(requirements.stream().filter(r -> !r.hasScheme(SCHEME))
                                   .collect(Collectors.toCollection(ArrayList::new)));
    }
}
