package com.example.hello.dev;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The development sign-in's edges: the methods each endpoint answers, the headers every answer carries (no caching,
 * no sniffing, no framing, no referrer), the preflight's, the limits of a subject and of a form, codes that differ,
 * and nothing listening after close.
 */
class SignInServerEdgesTest {
    private static final String AUDIENCE = "https://hello-world.example.com";
    private static final String CALLBACK = "http://127.0.0.1:6060/docs/oauth2-redirect.html";
    private static final String DOCS_ORIGIN = "http://127.0.0.1:6060";
    private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private static final int MAX_FORM_BYTES = 16 * 1024;

    @TempDir
    Path directory;

    private DevAuthorizationServer server;

    @BeforeEach
    void start() {
        server = DevAuthorizationServer.start(DevIssuer.loadOrCreate(directory.resolve("dev.pk8")), AUDIENCE,
                                              Clock.systemUTC());
        server.acceptDocsAt(6060);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void everyAnswerForbidsCachingAndSniffing() throws IOException, InterruptedException {
        HttpResponse<String> jwks = send(HttpRequest.newBuilder(server.jwksUrl()).GET());
        assertThat(jwks.statusCode(), is(200));
        assertThat(header(jwks, "Content-Type"), is("application/json"));
        assertThat(header(jwks, "Cache-Control"), is("no-store"));
        assertThat(header(jwks, "Pragma"), is("no-cache"));
        assertThat(header(jwks, "X-Content-Type-Options"), is("nosniff"));
    }

    @Test
    void theSignInPageCannotBeFramedNorLeakItsAddress() throws IOException, InterruptedException {
        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(server.authorizationUrl() + "?"
                + form(authorizationRequest()))).GET());
        assertThat(page.statusCode(), is(200));
        assertThat(header(page, "X-Frame-Options"), is("deny"));
        assertThat(header(page, "Referrer-Policy"), is("no-referrer"));
        assertThat(header(page, "Content-Security-Policy"), is("default-src 'none'; form-action 'self' "
                + "http://127.0.0.1:6060 http://localhost:6060; frame-ancestors 'none'; base-uri 'none'"));
    }

    @Test
    void theSignInPageAnswersGetAndPostOnly() throws IOException, InterruptedException {
        HttpResponse<String> page = send(HttpRequest.newBuilder(server.authorizationUrl())
                                                 .method("PUT", HttpRequest.BodyPublishers.noBody()));
        assertThat(page.statusCode(), is(405));
        assertThat(header(page, "Allow"), is("GET, POST"));
        assertThat(page.body(), containsString("<title>Method not allowed</title>"));
    }

    @Test
    void aSignInWithoutParametersNamesTheUnknownClient() throws IOException, InterruptedException {
        HttpResponse<String> page = send(HttpRequest.newBuilder(server.authorizationUrl()).GET());
        assertThat(page.statusCode(), is(400));
        assertThat(page.body(), containsString("<title>Unknown client</title>"));
    }

    @Test
    void aParameterRepeatedWithoutANameIsABadRequest() throws IOException, InterruptedException {
        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(server.authorizationUrl() + "?=a&=b"))
                                                 .GET());
        assertThat(page.statusCode(), is(400));
        assertThat(page.body(), containsString("<title>Bad sign-in request</title>"));
        assertThat(page.body(), containsString(" is repeated"));
    }

    @Test
    void theRedirectWithACodeLeaksNoReferrerAndEachCodeDiffers() throws IOException, InterruptedException {
        HttpResponse<String> first = signIn("dev|user", "");
        HttpResponse<String> second = signIn("dev|user", "");
        assertThat(first.statusCode(), is(303));
        assertThat(header(first, "Referrer-Policy"), is("no-referrer"));
        assertThat(header(first, "Location"), startsWith(CALLBACK + "?code="));
        assertThat(header(first, "Location"), is(not(header(second, "Location"))));
    }

    @Test
    void aSubjectOf200CharactersIsTheLongest() throws IOException, InterruptedException {
        assertThat(header(signIn("s".repeat(200), ""), "Location"), startsWith(CALLBACK + "?code="));
        assertThat(header(signIn("s".repeat(201), ""), "Location"), is(CALLBACK
                + "?error=invalid_request&error_description=subject+must+be+1+to+200+characters"));
    }

    @Test
    void aFormOf16KibIsTheLargest() throws IOException, InterruptedException {
        String fields = form(authorizationRequest()) + "&subject=dev%7Cuser&padding=";
        String exactly = fields + "x".repeat(MAX_FORM_BYTES - fields.length());
        assertThat(header(post(exactly), "Location"), startsWith(CALLBACK + "?code="));
        HttpResponse<String> tooLarge = post(exactly + "x");
        assertThat(tooLarge.statusCode(), is(400));
        assertThat(tooLarge.body(), containsString("the body is too large"));
    }

    @Test
    void theTokenEndpointAnswersPostOnly() throws IOException, InterruptedException {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(server.tokenUrl()).GET());
        assertThat(answer.statusCode(), is(405));
        assertThat(header(answer, "Allow"), is("POST, OPTIONS"));
        assertThat(header(answer, "Vary"), is("Origin"));
        assertThat(answer.body(), is("{\"error\":\"invalid_request\","
                + "\"error_description\":\"the token endpoint answers POST only\"}"));
    }

    @Test
    void thePreflightOfTheDocsOriginAllowsPostWithItsHeadersForTenMinutes() throws IOException, InterruptedException {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(server.tokenUrl())
                                                   .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                                                   .header("Origin", DOCS_ORIGIN)
                                                   .header("Access-Control-Request-Method", "POST"));
        assertThat(answer.statusCode(), is(204));
        assertThat(header(answer, "Access-Control-Allow-Origin"), is(DOCS_ORIGIN));
        assertThat(header(answer, "Access-Control-Allow-Methods"), is("POST"));
        assertThat(header(answer, "Access-Control-Allow-Headers"), is("Content-Type, X-Requested-With"));
        assertThat(header(answer, "Access-Control-Max-Age"), is("600"));
        assertThat(header(answer, "Vary"), is("Origin"));
    }

    @Test
    void afterCloseNothingListens() {
        DevAuthorizationServer another = DevAuthorizationServer.start(
                DevIssuer.loadOrCreate(directory.resolve("dev.pk8")), AUDIENCE, Clock.systemUTC());
        URI jwks = another.jwksUrl();
        another.close();
        assertThrows(IOException.class, () -> send(HttpRequest.newBuilder(jwks).GET()));
    }

    private HttpResponse<String> signIn(String subject, String extra) throws IOException, InterruptedException {
        return post(form(authorizationRequest()) + "&subject=" + encode(subject) + extra);
    }

    private HttpResponse<String> post(String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(server.authorizationUrl())
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static Map<String, String> authorizationRequest() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", DevAuthorizationServer.CLIENT_ID);
        params.put("redirect_uri", CALLBACK);
        params.put("code_challenge", CHALLENGE);
        params.put("code_challenge_method", "S256");
        params.put("audience", AUDIENCE);
        return params;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return CLIENT.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String header(HttpResponse<String> response, String name) {
        return response.headers().firstValue(name).orElse("(none)");
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
