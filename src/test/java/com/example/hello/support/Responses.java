package com.example.hello.support;

import java.io.StringReader;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/** Assertions on what the server answered, shared by the contract tests. */
public final class Responses {
    /** The headers every response must carry, with their exact values. */
    public static final Map<String, String> SECURITY_HEADERS = Map.of(
            "Cache-Control", "no-store",
            "Pragma", "no-cache",
            "Expires", "0",
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "deny",
            "Content-Security-Policy",
            "default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
            "Strict-Transport-Security", "max-age=31536000; includeSubDomains",
            "X-XSS-Protection", "0");

    private Responses() {
    }

    /** @return the body parsed as a JSON object */
    public static JsonObject json(HttpResponse<String> response) {
        try (var reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readObject();
        }
    }

    /** @return a JSON object of string fields, in pairs: name, value, name, value... */
    public static JsonObject object(String... fields) {
        var builder = Json.createObjectBuilder();
        for (int i = 0; i < fields.length; i += 2) {
            builder.add(fields[i], fields[i + 1]);
        }
        return builder.build();
    }

    /** Asserts the status, a JSON content type and exactly this JSON body. */
    public static void assertJson(HttpResponse<String> response, int status, JsonObject body) {
        assertThat("status of " + response.request().uri(), response.statusCode(), is(status));
        assertThat("content type", response.headers().firstValue("Content-Type").orElse(""),
                   startsWith("application/json"));
        assertThat("body", json(response), is(body));
    }

    /** The 403 description for a token that has a {@code permissions} claim without the permission needed. */
    public static final String MISSING_PERMISSION =
            "The access token does not hold the permission this operation requires";
    /** The 403 description for a token without any {@code permissions} claim (Auth0's RBAC switch is off). */
    public static final String NO_PERMISSIONS_CLAIM = "The access token has no permissions claim: in the Auth0 "
            + "dashboard, Applications > APIs > this API > Settings > RBAC Settings, turn on Enable RBAC and "
            + "Add Permissions in the Access Token";

    /**
     * @param description the refusal's description
     * @return the challenge of a 403 from the admin operation, whose scope is its x-required-permissions
     */
    public static String forbiddenChallenge(String description) {
        return "Bearer realm=\"hello-world-api\", error=\"insufficient_scope\", error_description=\"" + description
               + "\", scope=\"read:admin-messages\"";
    }

    /** Asserts the 403 of an operation that needs a permission the token lacks: exact body and challenge. */
    public static void assertForbidden(HttpResponse<String> response) {
        assertForbidden(response, MISSING_PERMISSION);
    }

    /** Asserts the 403 of the admin operation with this description: exact body and challenge. */
    public static void assertForbidden(HttpResponse<String> response, String description) {
        assertJson(response, 403, object(
                "error", "insufficient_permissions",
                "error_description", description,
                "message", "Permission denied"));
        assertThat("challenge", header(response, "WWW-Authenticate"), is(forbiddenChallenge(description)));
    }

    /** @return the single value of a header, failing when it is absent or repeated */
    public static String header(HttpResponse<String> response, String name) {
        List<String> values = response.headers().allValues(name);
        assertThat("values of header " + name, values.size(), is(1));
        return values.getFirst();
    }
}
