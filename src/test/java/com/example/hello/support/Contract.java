package com.example.hello.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;

/**
 * {@code openapi.yaml}, the contract, as the judge of every answer the tests receive: status, headers and body must
 * be documented, either by the request's operation or by the contract's {@code x-answers-on-any-path} (404, 405,
 * 500, CORS), which the server may give on any path. An answer of that list is accepted only for a request that can
 * get it (see {@link #ANY_PATH_ONLY_FOR}), so that a bare 403 or 400 cannot pass for another answer.
 */
public final class Contract {
    /** The contract as the server serves it (copied from {@code openapi.yaml} by the build). */
    private static final String SPEC_RESOURCE = "META-INF/openapi.yaml";
    /** Where the tests' extra view of the contract puts the answers the server gives on any path. */
    private static final String ANY_PATH = "/__any-path";
    /**
     * Paths served by Helidon's own features, not by the API: the contract document itself, Swagger UI, health and
     * metrics. Their answers are checked by the tests of those features (ServedContractTest, OperationsTest).
     */
    private static final Set<String> OUTSIDE_THE_API = Set.of("/openapi", "/docs", "/health", "/metrics");

    /** The limit of the server's HTTP parser on request headers, from the one place for settings. */
    private static final long PARSER_HEADER_LIMIT = Long.parseLong(setting("server.protocols.http_1_1.max-headers-size"));
    /**
     * Answers the server gives on any path only to some requests, by status: the CORS refusal only to a request from
     * a browser (it carries {@code Origin}), the parser's bare 400 only to request headers beyond its limit.
     */
    private static final Map<String, RequestCondition> ANY_PATH_ONLY_FOR = Map.of(
            "403", new RequestCondition("a request carrying Origin (a CORS refusal)",
                                        request -> request.firstValue("Origin").isPresent()),
            "400", new RequestCondition("request headers over the parser's limit of " + PARSER_HEADER_LIMIT + " bytes",
                                        request -> headerBytes(request) > PARSER_HEADER_LIMIT));

    /**
     * An RFC 6750 §3 challenge as this API writes it: the realm, then for a refused token the error and its
     * description, and for a 403 the scope; quoted values in the characters RFC 6750 allows there.
     */
    private static final Pattern CHALLENGE = Pattern.compile(
            "Bearer realm=\"hello-world-api\"(?:, error=\"(invalid_token|insufficient_scope)\", "
            + "error_description=\"([\\x20\\x21\\x23-\\x5B\\x5D-\\x7E]*)\"(?:, scope=\"([\\x21\\x23-\\x5B\\x5D-\\x7E ]+)\")?)?");

    private static final OpenApiInteractionValidator OPERATIONS;
    private static final OpenApiInteractionValidator ANY_PATH_ANSWERS;
    private static final OpenAPI API;

    static {
        String spec = readSpec();
        OPERATIONS = OpenApiInteractionValidator.createForInlineApiSpecification(spec).build();
        ANY_PATH_ANSWERS = OpenApiInteractionValidator.createFor(anyPathView(spec)).build();
        API = new OpenAPIV3Parser().readContents(spec, null, new ParseOptions()).getOpenAPI();
    }

    private Contract() {
    }

    /** What a request must be like to get an answer of {@code x-answers-on-any-path}. */
    private record RequestCondition(String description, Predicate<HttpHeaders> holds) {
    }

    /**
     * Fails when the answer is not one the contract documents for this request.
     *
     * @param method         the request's method
     * @param path           the request's path (without query)
     * @param requestHeaders the request's headers, as the test set them
     * @param status         the answer's status
     * @param headers        the answer's headers
     * @param body           the answer's body
     */
    public static void check(String method, String path, HttpHeaders requestHeaders, int status, HttpHeaders headers,
                             byte[] body) {
        path = path.replaceAll(";[^/]*", ""); // matrix parameters are not part of the path the server routes
        if (isOutsideTheApi(path)) {
            return;
        }
        Request.Method requestMethod = Request.Method.valueOf(method);
        SimpleResponse.Builder response = SimpleResponse.Builder.status(status);
        headers.map().forEach(response::withHeader);
        if (body.length > 0) {
            response.withBody(new String(body, StandardCharsets.UTF_8));
        }
        SimpleResponse answer = response.build();
        ValidationReport byOperation = OPERATIONS.validateResponse(path, requestMethod, answer);
        if (!byOperation.hasErrors()) {
            if (status == 401 || status == 403) {
                checkChallenge(method, path, status, headers, body);
            }
            return;
        }
        ValidationReport onAnyPath = ANY_PATH_ANSWERS.validateResponse(ANY_PATH, requestMethod, answer);
        RequestCondition condition = ANY_PATH_ONLY_FOR.get(String.valueOf(status));
        if (!onAnyPath.hasErrors() && condition != null && !condition.holds().test(requestHeaders)) {
            throw new AssertionError("The answer to " + method + " " + path + " (" + status + ") is not in "
                                     + "openapi.yaml.\nAs an answer of the operation: " + byOperation.getMessages()
                                     + "\nAs an answer on any path: only to " + condition.description()
                                     + "\nBody: " + new String(body, StandardCharsets.UTF_8));
        }
        if (onAnyPath.hasErrors()) {
            throw new AssertionError("The answer to " + method + " " + path + " (" + status + ") is not in "
                                     + "openapi.yaml.\nAs an answer of the operation: " + byOperation.getMessages()
                                     + "\nAs an answer on any path: " + onAnyPath.getMessages()
                                     + "\nBody: " + new String(body, StandardCharsets.UTF_8));
        }
    }

    /**
     * A refusal's challenge must be well formed; a 403's must name the scope the operation requires, its
     * {@code x-required-permissions} (RFC 6750 §3), and say in {@code error_description} what its body says.
     */
    private static void checkChallenge(String method, String path, int status, HttpHeaders headers, byte[] body) {
        String challenge = headers.firstValue("WWW-Authenticate").orElse("");
        Matcher parts = CHALLENGE.matcher(challenge);
        String answer = "The answer to " + method + " " + path + " (" + status + ")";
        if (!parts.matches()) {
            throw new AssertionError(answer + " has a challenge openapi.yaml does not describe: " + challenge);
        }
        if (status == 401 && parts.group(3) != null) {
            throw new AssertionError(answer + " names a scope: " + challenge);
        }
        if (status == 403) {
            String required = String.join(" ", requiredPermissions(method, path));
            if (!"insufficient_scope".equals(parts.group(1)) || !required.equals(parts.group(3))) {
                throw new AssertionError(answer + " must challenge with error=\"insufficient_scope\" and scope=\""
                                         + required + "\" (x-required-permissions): " + challenge);
            }
            String described = "\"error_description\":\"" + parts.group(2) + "\"";
            if (body.length > 0 && !new String(body, StandardCharsets.UTF_8).contains(described)) {
                throw new AssertionError(answer + ": the body does not say the challenge's description: "
                                         + new String(body, StandardCharsets.UTF_8));
            }
        }
    }

    /** The operation's {@code x-required-permissions}, empty when it names none. */
    private static List<String> requiredPermissions(String method, String path) {
        PathItem item = API.getPaths().get(path);
        Operation operation = item == null ? null
                : item.readOperationsMap().get(PathItem.HttpMethod.valueOf(method.equals("HEAD") ? "GET" : method));
        if (operation == null || operation.getExtensions() == null) {
            return List.of();
        }
        @SuppressWarnings("unchecked")
        List<String> permissions = (List<String>) operation.getExtensions().getOrDefault("x-required-permissions",
                                                                                          List.of());
        return permissions;
    }

    private static boolean isOutsideTheApi(String path) {
        return OUTSIDE_THE_API.stream().anyMatch(prefix -> path.equals(prefix) || path.startsWith(prefix + "/"));
    }

    /**
     * The contract with one more path whose every method answers what {@code x-answers-on-any-path} lists for it:
     * keys are a status ({@code '404'}) or a method and a status ({@code 'OPTIONS 200'}).
     */
    private static OpenAPI anyPathView(String spec) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        OpenAPI api = new OpenAPIV3Parser().readContents(spec, null, options).getOpenAPI();
        @SuppressWarnings("unchecked")
        Map<String, String> answers = (Map<String, String>) api.getExtensions().get("x-answers-on-any-path");
        if (answers == null || answers.isEmpty()) {
            throw new IllegalStateException("openapi.yaml lists no x-answers-on-any-path");
        }
        PathItem anyPath = new PathItem();
        for (PathItem.HttpMethod method : PathItem.HttpMethod.values()) {
            ApiResponses responses = new ApiResponses();
            answers.forEach((key, name) -> {
                String[] methodAndStatus = key.split(" ");
                if (methodAndStatus.length == 1 || methodAndStatus[0].equals(method.name())) {
                    responses.addApiResponse(methodAndStatus[methodAndStatus.length - 1], component(api, name));
                }
            });
            anyPath.operation(method, new Operation().responses(responses));
        }
        Paths paths = new Paths();
        paths.addPathItem(ANY_PATH, anyPath);
        return api.paths(paths);
    }

    /** A response of components/responses, its headers' $refs replaced by the headers (the validator skips $refs). */
    private static ApiResponse component(OpenAPI api, String name) {
        ApiResponse response = api.getComponents().getResponses().get(name);
        if (response == null) {
            throw new IllegalStateException("x-answers-on-any-path names a missing response: " + name);
        }
        if (response.getHeaders() != null) {
            response.getHeaders().replaceAll((header, value) -> value.get$ref() == null
                    ? value
                    : api.getComponents().getHeaders().get(value.get$ref().replace("#/components/headers/", "")));
        }
        return response;
    }

    /** The size of request headers as sent on the wire: {@code Name: value} and CRLF per value. */
    private static long headerBytes(HttpHeaders request) {
        return request.map().entrySet().stream()
                .mapToLong(header -> header.getValue().stream()
                        .mapToLong(value -> header.getKey().length() + 2 + value.length() + 2)
                        .sum())
                .sum();
    }

    private static String setting(String key) {
        Properties settings = new Properties();
        try (InputStream in = Contract.class.getClassLoader()
                .getResourceAsStream("META-INF/microprofile-config.properties")) {
            settings.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return settings.getProperty(key);
    }

    private static String readSpec() {
        try (InputStream in = Contract.class.getClassLoader().getResourceAsStream(SPEC_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SPEC_RESOURCE + " is not on the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
