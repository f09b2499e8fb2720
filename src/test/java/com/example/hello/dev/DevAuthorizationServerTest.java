package com.example.hello.dev;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.example.hello.support.MutableClock;

import io.helidon.security.jwt.Jwt;
import io.helidon.security.jwt.SignedJwt;
import io.helidon.security.jwt.jwk.JwkKeys;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * The development issuer's sign-in over HTTP, as Swagger UI and an attacker would use it: Authorization Code with
 * PKCE S256, codes single-use and short-lived, the callback exact, RFC 6749 errors and never a token on an error.
 */
class DevAuthorizationServerTest {
    private static final String AUDIENCE = "https://hello-world.example.com";
    /** The client id docs/ promises (a literal: a renamed client must fail here). */
    private static final String CLIENT_ID = "hello-world-api-swagger-ui";
    private static final int API_PORT = 6060;
    private static final String CALLBACK = "http://127.0.0.1:6060/docs/oauth2-redirect.html";
    private static final String DOCS_ORIGIN = "http://127.0.0.1:6060";
    /** RFC 7636 appendix B's example pair. */
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @TempDir
    Path directory;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
    private DevIssuer issuer;
    private DevAuthorizationServer server;

    @BeforeEach
    void start() {
        issuer = DevIssuer.loadOrCreate(directory.resolve("dev.pk8"));
        server = DevAuthorizationServer.start(issuer, AUDIENCE, clock);
        server.acceptDocsAt(API_PORT);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void rfc7636ExamplePairIsAnS256Pair() {
        assertThat(DevAuthorizationServer.s256(VERIFIER), is(CHALLENGE));
    }

    @Test
    void codeIsExchangedForATokenOfTheChosenSubjectAndPermission() {
        String code = signIn("dev|alice", true, "xyz");
        HttpResponse<String> response = exchange(code, VERIFIER, CALLBACK);
        assertThat("status", response.statusCode(), is(200));
        assertThat("content type", response.headers().firstValue("Content-Type").orElse(""), is("application/json"));
        assertThat("cache", response.headers().firstValue("Cache-Control").orElse(""), is("no-store"));
        JsonObject body = json(response);
        assertThat("token type", body.getString("token_type"), is("Bearer"));
        assertThat("expires in", body.getInt("expires_in"), is(3600));
        SignedJwt signed = SignedJwt.parseToken(body.getString("access_token"));
        assertThat("signed by the development key",
                   signed.verifySignature(JwkKeys.create(issuer.jwks()), null).isValid(), is(true));
        Jwt jwt = signed.getJwt();
        assertThat("iss", jwt.issuer().orElseThrow(), is(DevIssuer.ISSUER));
        assertThat("sub", jwt.subject().orElseThrow(), is("dev|alice"));
        assertThat("aud", jwt.audience().orElseThrow(), is(List.of(AUDIENCE)));
        assertThat("permissions", jwt.payloadClaim("permissions").orElseThrow().toString(),
                   is("[\"read:admin-messages\"]"));
        assertThat("exp - iat (s): one hour, as expires_in says", jwt.expirationTime().orElseThrow().getEpochSecond()
                   - jwt.issueTime().orElseThrow().getEpochSecond(), is(3600L));
    }

    @Test
    void withoutThePermissionTheTokenHoldsNone() {
        String token = json(exchange(signIn("dev|bob", false, "s"), VERIFIER, CALLBACK)).getString("access_token");
        assertThat("permissions", SignedJwt.parseToken(token).getJwt().payloadClaim("permissions").orElseThrow()
                .toString(), is("[]"));
    }

    @Test
    void wrongCodeVerifierIsAnInvalidGrant() {
        String code = signIn("dev|user", true, "s");
        assertError(exchange(code, "x".repeat(43), CALLBACK), 400, "invalid_grant",
                    "code_verifier does not match the code_challenge");
        // the attempt used the code up: the right verifier comes too late
        assertError(exchange(code, VERIFIER, CALLBACK), 400, "invalid_grant",
                    "the code is unknown or was already used");
    }

    @Test
    void codeUsedTwiceIsAnInvalidGrant() {
        String code = signIn("dev|user", true, "s");
        assertThat("first exchange", exchange(code, VERIFIER, CALLBACK).statusCode(), is(200));
        assertError(exchange(code, VERIFIER, CALLBACK), 400, "invalid_grant",
                    "the code is unknown or was already used");
    }

    @Test
    void aCodeIsIssuedToTheLocalhostCallbackAndExchangedThere() {
        String localhost = "http://localhost:6060/docs/oauth2-redirect.html";
        String code = signIn("dev|user", false, "s", localhost);
        assertThat("exchanged at the localhost callback", exchange(code, VERIFIER, localhost).statusCode(), is(200));
    }

    @Test
    void aSignInPostedWithAnUnregisteredRedirectUriGetsAnErrorPageNotACode() {
        Map<String, String> fields = authorizationRequest("s");
        fields.put("redirect_uri", "https://evil.example.com/cb");
        fields.put("subject", "dev|user");
        HttpResponse<String> response = send(HttpRequest.newBuilder(server.authorizationUrl())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields))));
        assertThat("status", response.statusCode(), is(400));
        assertThat("no redirect", response.headers().firstValue("Location").isPresent(), is(false));
        assertThat("page", response.body(), containsString("redirect_uri https://evil.example.com/cb is not registered; "
                + "registered: http://127.0.0.1:6060/docs/oauth2-redirect.html, "
                + "http://localhost:6060/docs/oauth2-redirect.html."));
    }

    @Test
    void anotherRedirectUriIsAnInvalidGrant() {
        String code = signIn("dev|user", true, "s");
        assertError(exchange(code, VERIFIER, "http://localhost:6060/docs/oauth2-redirect.html"), 400,
                    "invalid_grant", "redirect_uri differs from the authorization request's");
    }

    @Test
    void expiredCodeIsAnInvalidGrant() {
        String code = signIn("dev|user", true, "s");
        clock.advance(Duration.ofSeconds(60));
        assertError(exchange(code, VERIFIER, CALLBACK), 400, "invalid_grant", "the code expired");
    }

    @Test
    void codeStillWorksJustBeforeItExpires() {
        String code = signIn("dev|user", true, "s");
        clock.advance(Duration.ofSeconds(59));
        assertThat(exchange(code, VERIFIER, CALLBACK).statusCode(), is(200));
    }

    @Test
    void missingCodeVerifierIsAnInvalidRequest() {
        String code = signIn("dev|user", true, "s");
        assertError(post("/oauth/token", Map.of("grant_type", "authorization_code", "client_id",
                                                CLIENT_ID, "code", code,
                                                "redirect_uri", CALLBACK)),
                    400, "invalid_request", "code_verifier is missing");
    }

    @Test
    void unknownCodeOtherGrantAndOtherClientAreRefused() {
        assertError(exchange("not-a-code", VERIFIER, CALLBACK), 400, "invalid_grant",
                    "the code is unknown or was already used");
        assertError(post("/oauth/token", Map.of("grant_type", "client_credentials", "client_id",
                                                CLIENT_ID)),
                    400, "unsupported_grant_type", "grant_type must be authorization_code");
        assertError(post("/oauth/token", Map.of("grant_type", "authorization_code", "client_id", "other",
                                                "code", "c", "redirect_uri", CALLBACK, "code_verifier", VERIFIER)),
                    401, "invalid_client", "unknown client_id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "plain"})
    void authorizationWithoutAnS256ChallengeIsRefusedBackToTheCallback(String method) {
        Map<String, String> params = authorizationRequest("st&te=1");
        params.remove("code_challenge_method");
        if (method.equals("none")) {
            params.remove("code_challenge");
        } else {
            params.put("code_challenge_method", "plain");
        }
        HttpResponse<String> response = get("/authorize?" + form(params));
        assertThat("status", response.statusCode(), is(303));
        assertThat("location", response.headers().firstValue("Location").orElse(""), is(CALLBACK
                + "?error=invalid_request&error_description=PKCE+is+required%3A+code_challenge+with+"
                + "code_challenge_method+S256&state=st%26te%3D1"));
    }

    @Test
    void signInPageEscapesWhatItEchoesAndAllowsNoScript() {
        HttpResponse<String> page = get("/authorize?" + form(authorizationRequest("\"><script>alert(1)</script>")));
        assertThat("status", page.statusCode(), is(200));
        assertThat("content type", page.headers().firstValue("Content-Type").orElse(""),
                   is("text/html; charset=utf-8"));
        assertThat("policy", page.headers().firstValue("Content-Security-Policy").orElse(""),
                   is("default-src 'none'; form-action 'self' http://127.0.0.1:6060 http://localhost:6060; "
                              + "frame-ancestors 'none'; base-uri 'none'"));
        assertThat("framing", page.headers().firstValue("X-Frame-Options").orElse(""), is("deny"));
        assertThat("state escaped", page.body(),
                   containsString("value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""));
        assertThat("no script", page.body(), not(containsString("<script")));
    }

    @Test
    void unknownClientGetsAnErrorPageNotARedirect() {
        Map<String, String> params = authorizationRequest("s");
        params.put("client_id", "someone-else");
        HttpResponse<String> response = get("/authorize?" + form(params));
        assertThat("status", response.statusCode(), is(400));
        assertThat("no redirect", response.headers().firstValue("Location").isPresent(), is(false));
        assertThat("page", response.body(), containsString("Unknown client"));
    }

    @Test
    void unregisteredRedirectUriGetsAnErrorPageThatEscapesIt() {
        Map<String, String> params = authorizationRequest("s");
        params.put("redirect_uri", "https://evil.example.com/<b>cb</b>");
        HttpResponse<String> response = get("/authorize?" + form(params));
        assertThat("status", response.statusCode(), is(400));
        assertThat("no redirect", response.headers().firstValue("Location").isPresent(), is(false));
        assertThat("escaped", response.body(),
                   containsString("redirect_uri https://evil.example.com/&lt;b&gt;cb&lt;/b&gt; is not registered"));
    }

    @Test
    void tokenEndpointAnswersPreflightsOfTheDocsOriginOnly() throws Exception {
        HttpResponse<String> allowed = send(HttpRequest.newBuilder(server.tokenUrl())
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", DOCS_ORIGIN)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type,x-requested-with"));
        assertThat("status", allowed.statusCode(), is(204));
        assertThat("origin", allowed.headers().firstValue("Access-Control-Allow-Origin").orElse(""), is(DOCS_ORIGIN));
        assertThat("methods", allowed.headers().firstValue("Access-Control-Allow-Methods").orElse(""), is("POST"));
        assertThat("headers", allowed.headers().firstValue("Access-Control-Allow-Headers").orElse(""),
                   is("Content-Type, X-Requested-With"));

        HttpResponse<String> refused = send(HttpRequest.newBuilder(server.tokenUrl())
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example.com")
                .header("Access-Control-Request-Method", "POST"));
        assertThat("status", refused.statusCode(), is(403));
        assertThat("no origin allowed", refused.headers().firstValue("Access-Control-Allow-Origin").isPresent(),
                   is(false));
    }

    @Test
    void listensOnLoopbackOnly() {
        assertThat("bound to a loopback address, not all interfaces", server.address().getAddress().isLoopbackAddress(),
                   is(true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "POST"})
    void authorizationWithoutAudienceIsRefusedAsAuth0WouldGiveAnOpaqueToken(String method) {
        Map<String, String> params = authorizationRequest("s");
        params.remove("audience");
        params.put("subject", "dev|user");
        HttpResponse<String> response = method.equals("GET") ? get("/authorize?" + form(params))
                : send(HttpRequest.newBuilder(server.authorizationUrl())
                               .header("Content-Type", "application/x-www-form-urlencoded")
                               .POST(HttpRequest.BodyPublishers.ofString(form(params))));
        assertThat("status", response.statusCode(), is(303));
        assertThat("location", response.headers().firstValue("Location").orElse(""), is(CALLBACK
                + "?error=invalid_request&error_description=audience+is+missing%3A+ask+for+audience%3D"
                + encode(AUDIENCE) + "+%28without+it+Auth0+issues+an+opaque+token%2C+not+a+JWT+for+this+API%29"
                + "&state=s"));
    }

    @Test
    void aPageOfAnotherOriginCannotRedeemACode() {
        String code = signIn("dev|user", false, "s");
        HttpResponse<String> refused = send(HttpRequest.newBuilder(server.tokenUrl())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", "https://evil.example.com")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of(
                        "grant_type", "authorization_code", "client_id", "hello-world-api-swagger-ui", "code", code,
                        "redirect_uri", CALLBACK, "code_verifier", VERIFIER)))));
        assertError(refused, 403, "invalid_request", "this origin may not call the token endpoint");
        assertThat("the code is still good for the docs page", exchange(code, VERIFIER, CALLBACK).statusCode(),
                   is(200));
    }

    /** The sign-in page's form, submitted: returns the code from the redirect, after checking the state came back. */
    private String signIn(String subject, boolean admin, String state) {
        return signIn(subject, admin, state, CALLBACK);
    }

    /** As above, for Swagger UI at {@code callback}. */
    private String signIn(String subject, boolean admin, String state, String callback) {
        Map<String, String> fields = authorizationRequest(state);
        fields.put("redirect_uri", callback);
        fields.put("subject", subject);
        String body = form(fields) + (admin ? "&permission=" + encode(DevMode.ADMIN_PERMISSION) : "");
        HttpResponse<String> response = send(HttpRequest.newBuilder(server.authorizationUrl())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat("status", response.statusCode(), is(303));
        String location = response.headers().firstValue("Location").orElseThrow();
        assertThat("back to the callback with the state", location,
                   startsWith(callback + "?code="));
        assertThat("state unchanged", location, containsString("&state=" + encode(state)));
        return location.substring((callback + "?code=").length(), location.indexOf("&state="));
    }

    private static Map<String, String> authorizationRequest(String state) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("response_type", "code");
        params.put("client_id", CLIENT_ID);
        params.put("redirect_uri", CALLBACK);
        params.put("state", state);
        params.put("code_challenge", CHALLENGE);
        params.put("code_challenge_method", "S256");
        params.put("audience", AUDIENCE);
        return params;
    }

    private HttpResponse<String> exchange(String code, String verifier, String redirectUri) {
        return post("/oauth/token", Map.of("grant_type", "authorization_code",
                                           "client_id", CLIENT_ID,
                                           "code", code, "redirect_uri", redirectUri, "code_verifier", verifier));
    }

    private static void assertError(HttpResponse<String> response, int status, String error, String description) {
        assertThat("status", response.statusCode(), is(status));
        assertThat("content type", response.headers().firstValue("Content-Type").orElse(""), is("application/json"));
        assertThat("body", json(response), is(Json.createObjectBuilder()
                .add("error", error).add("error_description", description).build()));
    }

    private HttpResponse<String> post(String path, Map<String, String> fields) {
        return send(HttpRequest.newBuilder(URI.create(server.origin() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields))));
    }

    private HttpResponse<String> get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create(server.origin() + pathAndQuery)).GET());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return CLIENT.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static JsonObject json(HttpResponse<String> response) {
        try (var reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readObject();
        }
    }
}
