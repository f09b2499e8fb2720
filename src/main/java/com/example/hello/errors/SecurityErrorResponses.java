package com.example.hello.errors;

import java.nio.charset.StandardCharsets;

import com.example.hello.api.model.ErrorMessage;
import com.example.hello.api.model.PermissionError;
import com.example.hello.security.AuthenticationOutcomes;
import com.example.hello.security.PermissionRefusal;

import io.helidon.microprofile.security.spi.SecurityResponseMapper;
import io.helidon.security.SecurityResponse;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Gives Helidon security's refusals the bodies and RFC 6750 challenges of the contract.
 * <p>
 * Helidon answers 401/403 with an empty body and no {@code WWW-Authenticate}; clients and Swagger UI need both.
 * No token content ever reaches these texts: the descriptions are the fixed reasons of
 * {@link com.example.hello.security.TokenRejection}, some with this API's configured audience or issuer, made safe
 * for a quoted header value. A 403 names the permissions the operation requires ({@code scope}, RFC 6750 §3), from
 * its {@code x-required-permissions}, and tells a token without any {@code permissions} claim which Auth0 switch adds
 * it.
 */
public final class SecurityErrorResponses implements SecurityResponseMapper {
    static final String REALM = "hello-world-api";
    static final String REQUIRES_AUTHENTICATION = "Requires authentication";
    static final String BAD_CREDENTIALS = "Bad credentials";
    static final String PERMISSION_DENIED = "Permission denied";
    static final String INSUFFICIENT_PERMISSIONS = "insufficient_permissions";
    static final String MISSING_PERMISSION = "The access token does not hold the permission this operation requires";
    static final String NO_PERMISSIONS_CLAIM = "The access token has no permissions claim: in the Auth0 dashboard, "
            + "Applications > APIs > this API > Settings > RBAC Settings, turn on Enable RBAC and "
            + "Add Permissions in the Access Token";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    @Override
    public void aborted(SecurityResponse response, Response.ResponseBuilder builder) {
        int status = builder.build().getStatus();
        builder.type(MediaType.APPLICATION_JSON_TYPE);
        if (status == Response.Status.FORBIDDEN.getStatusCode()) {
            AuthenticationOutcomes.insufficientPermission();
            PermissionRefusal refusal = PermissionRefusal.current();
            String description = refusal.permissionsClaimMissing() ? NO_PERMISSIONS_CLAIM : MISSING_PERMISSION;
            String challenge = challenge("insufficient_scope", description);
            if (!refusal.requiredPermissions().isEmpty()) {
                // RFC 6750 §3: the scope the operation needs, space-separated
                challenge += ", scope=\"" + quotable(String.join(" ", refusal.requiredPermissions())) + "\"";
            }
            builder.header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                    .entity(new PermissionError()
                                    .error(INSUFFICIENT_PERMISSIONS)
                                    .errorDescription(description)
                                    .message(PERMISSION_DENIED));
        } else if (response.status() == SecurityResponse.SecurityStatus.ABSTAIN) {
            // No credentials at all: RFC 6750 says the challenge carries no error code.
            builder.status(Response.Status.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + REALM + "\"")
                    .entity(new ErrorMessage().message(REQUIRES_AUTHENTICATION));
        } else {
            String reason = response.description().orElse("The access token is invalid");
            builder.status(Response.Status.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, challenge("invalid_token", reason))
                    .entity(new ErrorMessage().message(BAD_CREDENTIALS));
        }
    }

    private static String challenge(String error, String description) {
        return "Bearer realm=\"" + REALM + "\", error=\"" + error + "\", error_description=\"" + quotable(description)
               + "\"";
    }

    /**
     * The text as RFC 6750 §3 lets it stand between the quotes of {@code error_description} and {@code scope}:
     * printable ASCII but {@code "} and {@code \} (no quoted-pair escapes there). Descriptions hold our configured
     * audience or issuer, which may hold anything: each other character is percent-encoded (as UTF-8), as in a URI,
     * so no header can be broken or forged.
     *
     * @param text a fixed text, possibly with a configured value
     * @return the text, safe inside the quotes
     */
    static String quotable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c >= 0x20 && c <= 0x7E && c != '"' && c != '\\') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return out.toString();
    }
}
