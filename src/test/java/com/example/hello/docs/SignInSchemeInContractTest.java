package com.example.hello.docs;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.security.OAuthFlow;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

/**
 * The contract as served: its sign-in scheme gets the configured issuer's URLs, or goes, with every requirement that
 * names it, when Swagger UI has no client to sign in with.
 */
class SignInSchemeInContractTest {
    private static final Map<String, String> SIGN_IN = Map.of(
            "AUTH0_SWAGGER_UI_CLIENT_ID", "swagger-client",
            "AUTH0_AUDIENCE", "https://api",
            "AUTH0_DOMAIN", "tenant.auth0.com");
    private static final Map<String, String> NO_SIGN_IN = Map.of(
            "AUTH0_AUDIENCE", "https://api",
            "AUTH0_DOMAIN", "tenant.auth0.com");

    @Test
    void theSchemeGetsTheIssuersUrls() {
        OpenAPI contract = contract();
        filter(contract, SIGN_IN);

        OAuthFlow flow = contract.getComponents().getSecuritySchemes().get("auth0").getFlows().getAuthorizationCode();
        assertThat(flow.getAuthorizationUrl(), is("https://tenant.auth0.com/authorize"));
        assertThat(flow.getTokenUrl(), is("https://tenant.auth0.com/oauth/token"));
        assertThat(schemes(contract.getSecurity()), is(List.of(List.of("bearerAuth"), List.of("auth0"))));
        assertThat(schemes(operation(contract, "/protected").getSecurity()),
                   is(List.of(List.of("bearerAuth"), List.of("auth0"))));
    }

    @Test
    void withoutASignInTheSchemeAndEveryRequirementNamingItGo() {
        OpenAPI contract = contract();
        filter(contract, NO_SIGN_IN);

        assertThat(contract.getComponents().getSecuritySchemes().keySet(), contains("bearerAuth"));
        assertThat(schemes(contract.getSecurity()), is(List.of(List.of("bearerAuth"))));
        assertThat(schemes(operation(contract, "/protected").getSecurity()), is(List.of(List.of("bearerAuth"))));
    }

    @Test
    void withoutASignInRequirementsNotNamingTheSchemeStayAsTheyAre() {
        OpenAPI contract = contract();
        filter(contract, NO_SIGN_IN);

        assertThat(operation(contract, "/public").getSecurity(), is(empty()));
        assertThat(schemes(operation(contract, "/bearer").getSecurity()), is(List.of(List.of("bearerAuth"))));
        assertThat(operation(contract, "/unsecured").getSecurity(), is(nullValue()));
    }

    @Test
    void aContractWithoutTheSchemeIsLeftAlone() {
        OpenAPI contract = OASFactory.createOpenAPI()
                .components(OASFactory.createComponents().addSecurityScheme("bearerAuth", bearer()))
                .addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme("auth0"));
        filter(contract, SIGN_IN);
        filter(contract, NO_SIGN_IN);

        assertThat(contract.getComponents().getSecuritySchemes().keySet(), contains("bearerAuth"));
        assertThat(schemes(contract.getSecurity()), is(List.of(List.of("auth0"))));
    }

    @Test
    void aContractWithoutComponentsOrSchemesIsLeftAlone() {
        OpenAPI noComponents = OASFactory.createOpenAPI();
        filter(noComponents, NO_SIGN_IN);
        assertThat(noComponents.getComponents(), is(nullValue()));

        OpenAPI noSchemes = OASFactory.createOpenAPI().components(OASFactory.createComponents());
        filter(noSchemes, NO_SIGN_IN);
        assertThat(noSchemes.getComponents().getSecuritySchemes(), is(nullValue()));
    }

    @Test
    void withoutASignInAContractWithoutPathsLosesTheScheme() {
        OpenAPI contract = OASFactory.createOpenAPI()
                .components(OASFactory.createComponents().addSecurityScheme("auth0", signIn()));
        filter(contract, NO_SIGN_IN);

        assertThat(contract.getComponents().getSecuritySchemes(), is(Map.of()));
        assertThat(contract.getPaths(), is(nullValue()));
    }

    /** The shape of openapi.yaml: either scheme at the top, a public operation, one with its own requirements. */
    private static OpenAPI contract() {
        List<SecurityRequirement> both = List.of(requirement("bearerAuth"), requirement("auth0"));
        return OASFactory.createOpenAPI()
                .components(OASFactory.createComponents()
                                    .addSecurityScheme("bearerAuth", bearer())
                                    .addSecurityScheme("auth0", signIn()))
                .security(both)
                .paths(OASFactory.createPaths()
                               .addPathItem("/public", OASFactory.createPathItem().GET(
                                       OASFactory.createOperation().security(List.of())))
                               .addPathItem("/protected", OASFactory.createPathItem().GET(
                                       OASFactory.createOperation().security(
                                               List.of(requirement("bearerAuth"), requirement("auth0")))))
                               .addPathItem("/bearer", OASFactory.createPathItem().GET(
                                       OASFactory.createOperation().security(List.of(requirement("bearerAuth")))))
                               .addPathItem("/unsecured", OASFactory.createPathItem().GET(
                                       OASFactory.createOperation())));
    }

    private static SecurityScheme bearer() {
        return OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer");
    }

    private static SecurityScheme signIn() {
        return OASFactory.createSecurityScheme().type(SecurityScheme.Type.OAUTH2)
                .flows(OASFactory.createOAuthFlows().authorizationCode(OASFactory.createOAuthFlow()
                        .authorizationUrl("https://AUTH0_DOMAIN/authorize")
                        .tokenUrl("https://AUTH0_DOMAIN/oauth/token")));
    }

    private static SecurityRequirement requirement(String scheme) {
        return OASFactory.createSecurityRequirement().addScheme(scheme);
    }

    private static Operation operation(OpenAPI contract, String path) {
        return contract.getPaths().getPathItem(path).getGET();
    }

    private static List<List<String>> schemes(List<SecurityRequirement> requirements) {
        return requirements.stream().map(r -> List.copyOf(r.getSchemes().keySet())).toList();
    }

    /** Runs the filter with {@code values} as the configuration it finds (ConfigProvider, by context class loader). */
    private static void filter(OpenAPI contract, Map<String, String> values) {
        Thread thread = Thread.currentThread();
        ClassLoader original = thread.getContextClassLoader();
        ConfigProviderResolver resolver = ConfigProviderResolver.instance();
        try (URLClassLoader own = new URLClassLoader(new URL[0], original)) {
            Config config = SignInFromConfigurationTest.config(values);
            resolver.registerConfig(config, own);
            thread.setContextClassLoader(own);
            try {
                new SignInSchemeFilter().filterOpenAPI(contract);
            } finally {
                thread.setContextClassLoader(original);
                resolver.releaseConfig(config);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
