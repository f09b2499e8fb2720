package com.example.hello.support;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The judge judged: answers the contract documents pass, any drift from it fails the test that received it. */
class ContractTest {
    private static final List<String> JSON = List.of("application/json");

    @Test
    void documentedAnswersPass() {
        assertDoesNotThrow(() -> check("GET", "/api/messages/public", 200, Map.of("Content-Type", JSON),
                                       "{\"text\":\"hello\"}"));
        assertDoesNotThrow(() -> check("GET", "/api/messages/protected", 401,
                                       Map.of("Content-Type", JSON,
                                              "WWW-Authenticate", List.of("Bearer realm=\"hello-world-api\"")),
                                       "{\"message\":\"Requires authentication\"}"));
        assertDoesNotThrow(() -> check("POST", "/api/messages/public", 405,
                                       Map.of("Content-Type", JSON, "Allow", List.of("GET")),
                                       "{\"message\":\"Method Not Allowed\"}"));
        assertDoesNotThrow(() -> check("GET", "/nowhere", 404, Map.of("Content-Type", JSON),
                                       "{\"message\":\"Not Found\"}"));
    }

    @Test
    void undocumentedStatusFails() {
        assertThrows(AssertionError.class, () -> check("GET", "/api/messages/public", 418, Map.of(), ""));
    }

    @Test
    void undocumentedBodyFieldFails() {
        assertThrows(AssertionError.class, () -> check("GET", "/api/messages/public", 200,
                                                       Map.of("Content-Type", JSON), "{\"text\":\"x\",\"extra\":1}"));
    }

    @Test
    void undocumentedContentTypeFails() {
        assertThrows(AssertionError.class, () -> check("GET", "/api/messages/public", 200,
                                                       Map.of("Content-Type", List.of("text/plain")), "hello"));
    }

    @Test
    void missingDocumentedHeaderFails() {
        assertThrows(AssertionError.class, () -> check("GET", "/api/messages/protected", 401,
                                                       Map.of("Content-Type", JSON), "{\"message\":\"x\"}"));
        assertThrows(AssertionError.class, () -> check("POST", "/api/messages/public", 405,
                                                       Map.of("Content-Type", JSON), "{\"message\":\"x\"}"));
    }

    @Test
    void undocumentedAnswerOnAnUnlistedPathFails() {
        assertThrows(AssertionError.class, () -> check("GET", "/nowhere", 404, Map.of("Content-Type", JSON),
                                                       "{\"error\":\"Not Found\"}"));
    }

    @Test
    void aBareForbiddenWithoutOriginFails() {
        // Where a 403 is documented with a body and a challenge (admin), or not at all (public), a bare 403 is not a
        // CORS refusal unless the request came from a browser
        assertThrows(AssertionError.class, () -> check("GET", "/api/messages/admin", 403, Map.of(), ""));
        assertThrows(AssertionError.class, () -> check("GET", "/api/messages/public", 403, Map.of(), ""));
    }

    @Test
    void aForbiddenMustNameTheOperationsRequiredPermissionsAsItsScope() {
        String body = "{\"error\":\"insufficient_permissions\",\"error_description\":\"d\",\"message\":\"m\"}";
        String challenge = "Bearer realm=\"hello-world-api\", error=\"insufficient_scope\", error_description=\"d\"";
        assertDoesNotThrow(() -> check("GET", "/api/messages/admin", 403, Map.of(
                "Content-Type", JSON, "WWW-Authenticate", List.of(challenge + ", scope=\"read:admin-messages\"")), body));
        assertThrows(AssertionError.class, () -> check("GET", "/api/messages/admin", 403, Map.of(
                "Content-Type", JSON, "WWW-Authenticate", List.of(challenge)), body));
        assertThrows(AssertionError.class, () -> check("GET", "/api/messages/admin", 403, Map.of(
                "Content-Type", JSON, "WWW-Authenticate", List.of(challenge + ", scope=\"read:messages\"")), body));
        assertThrows(AssertionError.class, () -> check("GET", "/api/messages/admin", 403, Map.of(
                "Content-Type", JSON, "WWW-Authenticate", List.of(challenge.replace("\"d\"", "\"other\"")
                                                                  + ", scope=\"read:admin-messages\"")), body));
    }

    @Test
    void aChallengeOfAnotherShapeFails() {
        assertThrows(AssertionError.class, () -> check("GET", "/api/messages/protected", 401, Map.of(
                "Content-Type", JSON, "WWW-Authenticate", List.of("Bearer")), "{\"message\":\"x\"}"));
    }

    @Test
    void aChallengeWithCharactersRfc6750ForbidsInItsDescriptionFails() {
        assertThrows(AssertionError.class, () -> check("GET", "/api/messages/protected", 401, Map.of(
                "Content-Type", JSON, "WWW-Authenticate", List.of(
                        "Bearer realm=\"hello-world-api\", error=\"invalid_token\", error_description=\"a\\\"b\"")),
                "{\"message\":\"Bad credentials\"}"));
    }

    @Test
    void theParsers400PassesOnlyForHeadersBeyondItsLimit() {
        String badRequest = "{\"message\":\"Bad Request\"}";
        Map<String, List<String>> json = Map.of("Content-Type", JSON);
        Map<String, List<String>> huge = Map.of("Authorization", List.of("Bearer " + "a".repeat(40 * 1024)));
        assertDoesNotThrow(() -> check("GET", "/api/messages/protected", huge, 400, json, badRequest));
        assertThrows(AssertionError.class, () -> check("GET", "/api/messages/protected", huge, 400, Map.of(), ""));
        assertThrows(AssertionError.class, () -> check("GET", "/api/messages/protected", 400, json, badRequest));
        Map<String, List<String>> large = Map.of("Authorization", List.of("Bearer " + "a".repeat(20 * 1024)));
        assertThrows(AssertionError.class, () -> check("GET", "/api/messages/protected", large, 400, json, badRequest));
    }

    private static void check(String method, String path, int status, Map<String, List<String>> headers,
                              String body) {
        check(method, path, Map.of(), status, headers, body);
    }

    private static void check(String method, String path, Map<String, List<String>> requestHeaders, int status,
                              Map<String, List<String>> headers, String body) {
        Contract.check(method, path, HttpHeaders.of(requestHeaders, (name, value) -> true), status,
                       HttpHeaders.of(headers, (name, value) -> true), body.getBytes(StandardCharsets.UTF_8));
    }
}
