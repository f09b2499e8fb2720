package com.example.hello;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.example.hello.support.Http;
import com.example.hello.support.TestIssuer;

import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;

import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static com.example.hello.support.Responses.header;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/**
 * The contract in users' hands: openapi.yaml served at /openapi, and Swagger UI showing it at /docs; here without a
 * Swagger UI client, so without the sign-in scheme (with one: {@link SignInContractTest}).
 */
@HelidonTest
class ServedContractTest {
    private final Http http;

    @Inject
    ServedContractTest(WebTarget target) {
        this.http = new Http(target.getUri());
    }

    @AddConfigSource
    static ConfigSource config() {
        return TestIssuer.shared().config(Map.of());
    }

    @Test
    void contractIsServedAsYamlAndIsOpenapiYamlWithoutTheSignIn() {
        HttpResponse<String> response = http.get("/openapi");
        assertThat("status", response.statusCode(), is(200));
        assertThat("content type", header(response, "Content-Type"), is("application/vnd.oai.openapi"));
        assertThat("served document", served(response), is(withoutSignIn(contract())));
    }

    /** @return openapi.yaml as a tree of maps and lists */
    @SuppressWarnings("unchecked")
    static Map<String, Object> contract() {
        try {
            return (Map<String, Object>) new Yaml().load(Files.readString(Path.of("openapi.yaml")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the served document (YAML, or JSON, which is YAML too) as a tree, written as openapi.yaml writes it */
    static Object served(HttpResponse<String> response) {
        return withoutDefaultHeaderStyle(new Yaml().load(response.body()));
    }

    /** @return the contract without the sign-in scheme and the requirements naming it */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> withoutSignIn(Map<String, Object> contract) {
        ((Map<String, Object>) ((Map<String, Object>) contract.get("components")).get("securitySchemes"))
                .remove("auth0");
        contract.put("security", List.of(Map.of("bearerAuth", List.of())));
        return contract;
    }

    /** Helidon writes out the default {@code style: simple} of each header; the document says the same without. */
    private static Object withoutDefaultHeaderStyle(Object node) {
        if (node instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((key, value) -> {
                if (!("style".equals(key) && "simple".equals(value))) {
                    copy.put(key, withoutDefaultHeaderStyle(value));
                }
            });
            return copy;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(ServedContractTest::withoutDefaultHeaderStyle).toList();
        }
        return node;
    }

    @Test
    void contractIsServedAsJsonWhenAskedFor() {
        for (HttpResponse<String> response : List.of(http.get("/openapi", "Accept", "application/json"),
                                                     http.get("/openapi?format=json"))) {
            assertThat("status", response.statusCode(), is(200));
            assertThat("content type", header(response, "Content-Type"), startsWith("application/json"));
            assertThat("served document", served(response), is(withoutSignIn(contract())));
        }
    }

    @Test
    void swaggerUiIsToldThereIsNoSignIn() {
        HttpResponse<String> settings = http.get("/docs/sign-in.json");
        assertThat("status", settings.statusCode(), is(200));
        assertThat("content type", header(settings, "Content-Type"), is("application/json"));
        assertThat("settings", settings.body(), is("{}"));
    }

    @Test
    void swaggerUiIsServedAtDocsWithItsContentSecurityPolicy() {
        HttpResponse<String> page = http.get("/docs/");
        assertThat("status", page.statusCode(), is(200));
        assertThat("content type", header(page, "Content-Type"), startsWith("text/html"));
        assertThat("policy", header(page, "Content-Security-Policy"), is("default-src 'self'; img-src 'self' data:; base-uri 'self'; form-action 'self'; "
                                                                    + "frame-ancestors 'none'"));
        assertThat("cache", header(page, "Cache-Control"), is("no-store"));
        assertThat("page", page.body(), containsString("/docs/swagger-ui-bundle.js"));

        HttpResponse<String> initializer = http.get("/docs/swagger-initializer.js");
        assertThat("initializer", initializer.body(), containsString("url: \"/openapi\""));
        assertThat("bundle status", http.get("/docs/swagger-ui-bundle.js").statusCode(), is(200));
    }

    /** A pasted or signed-in token stays in that page: Swagger UI never writes it to the browser's storage. */
    @Test
    void swaggerUiKeepsTheTokenOutOfTheBrowsersStorage() {
        HttpResponse<String> initializer = http.get("/docs/swagger-initializer.js");
        assertThat("status", initializer.statusCode(), is(200));
        Matcher setting = Pattern.compile("persistAuthorization:\\s*([^,\\s]+)").matcher(initializer.body());
        assertThat("persistAuthorization is set", setting.find(), is(true));
        assertThat("persistAuthorization", setting.group(1), is("false"));
        assertThat("set once", setting.find(), is(false));
    }

    @Test
    void docsWithoutTheSlashRedirectsToTheUi() {
        HttpResponse<String> response = http.get("/docs");
        assertThat("status", response.statusCode(), is(301));
        assertThat("location", header(response, "Location"), containsString("/docs/"));
    }
}
