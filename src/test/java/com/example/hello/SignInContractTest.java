package com.example.hello;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.example.hello.support.Http;
import com.example.hello.support.TestIssuer;

import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import static com.example.hello.ServedContractTest.contract;
import static com.example.hello.ServedContractTest.served;
import static com.example.hello.support.Responses.header;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

/**
 * With a tenant and a Swagger UI client configured, the served contract offers signing in at that tenant (its URLs
 * derived from AUTH0_DOMAIN, written with https:// and a slash as users may), Swagger UI is told the client and
 * audience, and the page may connect to that tenant and nowhere else.
 */
@HelidonTest
class SignInContractTest {
    private static final String CLIENT_ID = "swagger-ui-client-id";
    private final Http http;

    @Inject
    SignInContractTest(WebTarget target) {
        this.http = new Http(target.getUri());
    }

    @AddConfigSource
    static ConfigSource config() {
        return TestIssuer.shared().config(Map.of("AUTH0_DOMAIN", "https://example-tenant.eu.auth0.com/",
                                                 "AUTH0_SWAGGER_UI_CLIENT_ID", CLIENT_ID));
    }

    @Test
    void servedContractCarriesTheTenantsSignInUrls() {
        for (HttpResponse<String> response : List.of(http.get("/openapi"), http.get("/openapi?format=json"))) {
            assertThat("status", response.statusCode(), is(200));
            assertThat("served document", served(response), is(withTenantUrls(contract())));
        }
    }

    @Test
    void servedContractIsValidOpenApi30() {
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(http.get("/openapi").body());
        assertThat("parser messages", parsed.getMessages(), is(empty()));
        assertThat("version", parsed.getOpenAPI().getOpenapi(), is("3.0.3"));
        var flow = parsed.getOpenAPI().getComponents().getSecuritySchemes().get("auth0").getFlows()
                .getAuthorizationCode();
        assertThat("authorization URL", flow.getAuthorizationUrl(), is("https://example-tenant.eu.auth0.com/authorize"));
        assertThat("token URL", flow.getTokenUrl(), is("https://example-tenant.eu.auth0.com/oauth/token"));
    }

    @Test
    void swaggerUiIsToldTheClientAndTheAudience() {
        HttpResponse<String> settings = http.get("/docs/sign-in.json");
        assertThat("status", settings.statusCode(), is(200));
        assertThat("content type", header(settings, "Content-Type"), is("application/json"));
        assertThat("settings", settings.body(),
                   is("{\"clientId\":\"swagger-ui-client-id\",\"audience\":\"https://hello-world.example.com\"}"));
    }

    @Test
    void docsMayConnectToTheTenantOnly() {
        HttpResponse<String> page = http.get("/docs/");
        assertThat("status", page.statusCode(), is(200));
        assertThat("policy", header(page, "Content-Security-Policy"),
                   is("default-src 'self'; img-src 'self' data:; connect-src 'self' https://example-tenant.eu.auth0.com; "
                              + "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"));
        assertThat("API policy unchanged", header(http.get("/api/messages/public"), "Content-Security-Policy"),
                   is("default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withTenantUrls(Map<String, Object> contract) {
        Map<String, Object> schemes = (Map<String, Object>) ((Map<String, Object>) contract.get("components"))
                .get("securitySchemes");
        Map<String, Object> flow = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                schemes.get("auth0")).get("flows")).get("authorizationCode");
        flow.put("authorizationUrl", "https://example-tenant.eu.auth0.com/authorize");
        flow.put("tokenUrl", "https://example-tenant.eu.auth0.com/oauth/token");
        return contract;
    }
}
