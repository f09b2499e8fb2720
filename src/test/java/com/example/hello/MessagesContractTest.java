package com.example.hello;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.LogRecord;
import java.util.stream.Stream;

import com.example.hello.client.ApiException;
import com.example.hello.client.api.MessagesApi;
import com.example.hello.client.model.ErrorMessage;
import com.example.hello.client.model.Message;
import com.example.hello.client.model.PermissionError;
import com.example.hello.errors.UnexpectedExceptionMapper;
import com.example.hello.support.FailingResource;
import com.example.hello.support.Http;
import com.example.hello.support.LogCapture;
import com.example.hello.support.Management;
import com.example.hello.support.Responses;
import com.example.hello.support.Sdk;
import com.example.hello.support.TestIssuer;

import io.helidon.microprofile.testing.AddBean;
import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.client.WebTarget;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static com.example.hello.support.Responses.SECURITY_HEADERS;
import static com.example.hello.support.Responses.assertForbidden;
import static com.example.hello.support.Responses.assertJson;
import static com.example.hello.support.Responses.header;
import static com.example.hello.support.Responses.object;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The contract of the three endpoints and of every error the server gives, over real HTTP with real tokens. The
 * messages and the refusals are read through the Java client generated from {@code openapi.yaml}, as a user would;
 * requests the client cannot make (other schemes, methods, paths) go through plain HTTP. Every answer is checked
 * against {@code openapi.yaml} on the way in.
 */
@HelidonTest
@AddBean(FailingResource.class)
class MessagesContractTest {
    private static final String PUBLIC = "/api/messages/public";
    private static final String PROTECTED = "/api/messages/protected";
    private static final String ADMIN = "/api/messages/admin";
    private static final JsonObject PROTECTED_MESSAGE =
            object("text", "The API successfully validated your access token.");

    private final TestIssuer issuer = TestIssuer.shared();
    private final URI server;
    private final Http http;

    @Inject
    MessagesContractTest(WebTarget target) {
        this.server = target.getUri();
        this.http = new Http(server);
    }

    @AddConfigSource
    static ConfigSource config() {
        return TestIssuer.shared().config(Map.of());
    }

    @Test
    void publicMessageNeedsNoToken() throws ApiException {
        assertThat(Sdk.messages(server).getPublicMessage(),
                   is(new Message().text("The API doesn't require an access token to share this message.")));
    }

    @Test
    void publicMessageIgnoresAnInvalidToken() throws ApiException {
        assertThat(Sdk.messages(server, "not-a-token").getPublicMessage(),
                   is(new Message().text("The API doesn't require an access token to share this message.")));
    }

    @Test
    void protectedMessageIsServedForAValidToken() throws ApiException {
        assertThat(Sdk.messages(server, issuer.token().sign()).getProtectedMessage(),
                   is(new Message().text("The API successfully validated your access token.")));
    }

    @Test
    void adminMessageIsServedForATokenHoldingTheAdminPermission() throws ApiException {
        assertThat(Sdk.messages(server, issuer.adminToken()).getAdminMessage(),
                   is(new Message().text("The API successfully recognized you as an admin.")));
    }

    @Test
    void messagesAreJsonAndCarryTheSecurityHeaders() throws ApiException {
        var answer = Sdk.messages(server, issuer.adminToken()).getAdminMessageWithHttpInfo();
        assertThat("status", answer.getStatusCode(), is(200));
        assertThat("content type", answer.getHeaders().get("content-type"), is(List.of("application/json")));
        SECURITY_HEADERS.forEach((name, value) -> assertThat(
                name, answer.getHeaders().get(name.toLowerCase(Locale.ROOT)), is(List.of(value))));
    }

    @Test
    void missingTokenIsRefusedWithABearerChallenge() {
        MessagesApi anonymous = Sdk.messages(server);
        for (Executable call : List.<Executable>of(anonymous::getProtectedMessage, anonymous::getAdminMessage)) {
            ApiException refusal = assertThrows(ApiException.class, call);
            assertThat("status", refusal.getCode(), is(401));
            assertThat("body", Sdk.errorBody(refusal, ErrorMessage.class),
                       is(new ErrorMessage().message("Requires authentication")));
            assertThat("challenge", refusal.getResponseHeaders().allValues("WWW-Authenticate"),
                       is(List.of("Bearer realm=\"hello-world-api\"")));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic dXNlcjpwYXNz", "Token abc"})
    void otherAuthorizationSchemesCountAsNoToken(String authorization) {
        HttpResponse<String> response = http.get(PROTECTED, "Authorization", authorization);
        assertJson(response, 401, object("message", "Requires authentication"));
        assertThat(header(response, "WWW-Authenticate"), is("Bearer realm=\"hello-world-api\""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bearer", "BEARER", "bEaReR"})
    void bearerSchemeIsCaseInsensitive(String scheme) {
        assertJson(http.get(PROTECTED, "Authorization", scheme + " " + issuer.token().sign()), 200, PROTECTED_MESSAGE);
    }

    @Test
    void audienceMayBeAnArrayHoldingTheApi() {
        String token = issuer.token()
                .claim("aud", Json.createArrayBuilder().add("https://tenant.auth0.com/userinfo")
                        .add(TestIssuer.AUDIENCE).build())
                .sign();
        assertJson(http.getWithToken(PROTECTED, token), 200, PROTECTED_MESSAGE);
    }

    @Test
    void tokenExpiredWithinTheClockSkewIsAccepted() {
        String token = issuer.token().expiresInSeconds(-10).sign();
        assertJson(http.getWithToken(PROTECTED, token), 200, PROTECTED_MESSAGE);
    }

    @Test
    void tokenNotValidYetWithinTheClockSkewIsAccepted() {
        String token = issuer.token().notBeforeInSeconds(10).sign();
        assertJson(http.getWithToken(PROTECTED, token), 200, PROTECTED_MESSAGE);
    }

    @Test
    void adminMessageIsForbiddenWithoutThePermission() {
        String token = issuer.token().permissions("read:messages").sign();
        ApiException refusal = assertThrows(ApiException.class, Sdk.messages(server, token)::getAdminMessage);
        assertThat("status", refusal.getCode(), is(403));
        assertThat("body", Sdk.errorBody(refusal, PermissionError.class), is(new PermissionError()
                .error("insufficient_permissions")
                .errorDescription(Responses.MISSING_PERMISSION)
                .message("Permission denied")));
        assertThat("challenge", refusal.getResponseHeaders().allValues("WWW-Authenticate"), is(List.of(
                Responses.forbiddenChallenge(Responses.MISSING_PERMISSION))));
    }

    /** Auth0 leaves the claim out when the API's "Add Permissions in the Access Token" switch is off. */
    @Test
    void aTokenWithoutAnyPermissionsClaimIsToldWhichAuth0SwitchAddsIt() {
        String token = issuer.token().claim("permissions", (String) null).sign();
        assertForbidden(http.getWithToken(ADMIN, token), Responses.NO_PERMISSIONS_CLAIM);
    }

    @Test
    void anEmptyPermissionsClaimIsAClaimWithoutThePermission() {
        assertForbidden(http.getWithToken(ADMIN, issuer.token().permissions().sign()), Responses.MISSING_PERMISSION);
    }

    @Test
    void invalidTokenIsRefusedAsBadCredentials() {
        String expired = issuer.token().expiresInSeconds(-3600).sign();
        ApiException refusal = assertThrows(ApiException.class, Sdk.messages(server, expired)::getProtectedMessage);
        assertThat("status", refusal.getCode(), is(401));
        assertThat("body", Sdk.errorBody(refusal, ErrorMessage.class),
                   is(new ErrorMessage().message("Bad credentials")));
        assertThat("challenge", refusal.getResponseHeaders().allValues("WWW-Authenticate"), is(List.of(
                "Bearer realm=\"hello-world-api\", error=\"invalid_token\", "
                        + "error_description=\"The access token expired\"")));
    }

    @Test
    void adminPermissionGivenAsAStringInsteadOfAnArrayIsNotAPermission() {
        String token = issuer.token().claim("permissions", "read:admin-messages").sign();
        assertForbidden(http.getWithToken(ADMIN, token));
    }

    @Test
    void permissionsHoldingNonStringsGrantNothing() {
        String token = issuer.token()
                .claim("permissions", Json.createArrayBuilder().add("read:admin-messages").add(7).build())
                .sign();
        assertForbidden(http.getWithToken(ADMIN, token));
    }

    @Test
    void adminScopeWithoutThePermissionIsNotEnough() {
        String token = issuer.token().claim("scope", "openid read:admin-messages").permissions().sign();
        assertForbidden(http.getWithToken(ADMIN, token));
    }

    @Test
    void unknownPathIsNotFound() {
        assertJson(http.get("/api/messages/unknown"), 404, object("message", "Not Found"));
        assertJson(http.get("/nothing-here"), 404, object("message", "Not Found"));
    }

    /** Without a token too: the method is refused before any authentication, on every path. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("otherMethodsOnEachPath")
    void otherMethodOnAKnownPathIsNotAllowed(String method, String path) {
        HttpResponse<String> response = http.send(method, path);
        assertJson(response, 405, object("message", "Method Not Allowed"));
        assertThat(header(response, "Allow"), is("GET,OPTIONS")); // Jersey answers OPTIONS itself
    }

    static Stream<Arguments> otherMethodsOnEachPath() {
        return Stream.of(PUBLIC, PROTECTED, ADMIN)
                .flatMap(path -> Stream.of("POST", "PUT", "DELETE", "PATCH").map(method -> arguments(method, path)));
    }

    @Test
    void unexpectedFailureIsA500WithoutDetailsAndItsCauseIsLogged() {
        List<LogRecord> records;
        try (LogCapture log = LogCapture.start()) {
            HttpResponse<String> response = http.get("/test/failure");
            assertJson(response, 500, object("message", "Internal Server Error"));
            assertThat(response.body(), not(containsString(FailingResource.SECRET_DETAIL)));
            records = log.records();
        }
        assertThat("logged causes", records.stream()
                           .filter(r -> r.getLoggerName().equals(UnexpectedExceptionMapper.class.getName()))
                           .map(r -> r.getThrown().getMessage())
                           .toList(),
                   hasItem(FailingResource.SECRET_DETAIL));
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() {
        List<HttpResponse<String>> answers = List.of(
                http.get(PUBLIC),
                http.getWithToken(PROTECTED, issuer.token().sign()),
                http.get(PROTECTED),
                http.getWithToken(PROTECTED, "bad"),
                http.getWithToken(ADMIN, issuer.token().sign()),
                http.get("/nothing-here"),
                http.send("POST", PUBLIC),
                http.get("/test/failure"));
        for (HttpResponse<String> answer : answers) {
            SECURITY_HEADERS.forEach((name, value) -> assertThat(
                    name + " on " + answer.statusCode() + " " + answer.request().uri().getPath(),
                    header(answer, name), is(value)));
            assertThat("content type on " + answer.statusCode(),
                       header(answer, "Content-Type"), containsString("application/json"));
        }
    }

    /**
     * The answers that do not come from the API's resources carry the same headers: the header-size 431, the
     * parser's 505, CORS (refusal, preflight), the plain OPTIONS 204, the contract and the sign-in settings. The
     * management port's /health and /metrics carry Helidon's no-store and nosniff only.
     */
    @Test
    void theOtherAnswersCarryTheSecurityHeadersToo() {
        Map<String, HttpResponse<String>> answers = new java.util.LinkedHashMap<>();
        answers.put("431", http.getWithToken(PROTECTED, "x".repeat(17 * 1024)));
        answers.put("CORS 403", http.get(PUBLIC, "Origin", "https://evil.example.com"));
        answers.put("preflight", http.send("OPTIONS", PROTECTED, "Origin", "http://localhost:4040",
                                           "Access-Control-Request-Method", "GET"));
        answers.put("OPTIONS 204", http.send("OPTIONS", PROTECTED));
        answers.put("/openapi", http.get("/openapi"));
        // under /docs: the page's policy (images from data:, the page's own forms)
        answers.put("/docs/sign-in.json", http.get("/docs/sign-in.json"));
        Map<String, String> docsHeaders = new java.util.HashMap<>(SECURITY_HEADERS);
        docsHeaders.put("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; base-uri 'self'; "
                                                   + "form-action 'self'; frame-ancestors 'none'");
        answers.forEach((what, answer) -> (what.startsWith("/docs/") ? docsHeaders : SECURITY_HEADERS).forEach(
                (name, value) -> assertThat(name + " on " + what + " (" + answer.statusCode() + ")",
                                            header(answer, name), is(value))));
        // The management port's answers are Helidon's own (observe feature), with its own caching headers
        for (String path : List.of("/health", "/metrics")) {
            HttpResponse<String> answer = Management.http().get(path);
            assertThat("Cache-Control on " + path, answer.headers().allValues("Cache-Control"),
                       is(List.of("no-cache", "no-store", "must-revalidate", "no-transform")));
            assertThat("X-Content-Type-Options on " + path, header(answer, "X-Content-Type-Options"), is("nosniff"));
        }
        assertThat(answers.get("431").statusCode(), is(431));
        assertThat(answers.get("CORS 403").statusCode(), is(403));
        assertThat(answers.get("OPTIONS 204").statusCode(), is(204));

        com.example.hello.support.RawHttp.Answer http10 = com.example.hello.support.RawHttp.exchange(
                server, "GET " + PUBLIC + " HTTP/1.0\nHost: 127.0.0.1\n\n");
        assertThat(http10.statusLine(), containsString(" 505 "));
        SECURITY_HEADERS.forEach((name, value) -> assertThat(name + " on 505",
                                                            http10.headers().get(name.toLowerCase(Locale.ROOT)),
                                                            is(value)));
    }

    @Test
    void noSessionCookieIsSet() {
        HttpResponse<String> response = http.getWithToken(PROTECTED, issuer.token().sign());
        assertThat(response.headers().allValues("Set-Cookie"), is(List.of()));
    }

}
