package com.example.hello.errors;

import com.example.hello.api.model.ErrorMessage;
import com.example.hello.api.model.PermissionError;
import com.example.hello.security.AuthenticationOutcomes;

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
 * {@link com.example.hello.security.TokenRejection}.
 */
public final class SecurityErrorResponses implements SecurityResponseMapper {
    static final String REALM = "hello-world-api";
    static final String REQUIRES_AUTHENTICATION = "Requires authentication";
    static final String BAD_CREDENTIALS = "Bad credentials";
    static final String PERMISSION_DENIED = "Permission denied";
    static final String INSUFFICIENT_PERMISSIONS = "insufficient_permissions";
    static final String MISSING_PERMISSION = "The access token does not hold the permission this operation requires";

    @Override
    public void aborted(SecurityResponse response, Response.ResponseBuilder builder) {
        int status = builder.build().getStatus();
        builder.type(MediaType.APPLICATION_JSON_TYPE);
        if (status == Response.Status.FORBIDDEN.getStatusCode()) {
            AuthenticationOutcomes.insufficientPermission();
            builder.header(HttpHeaders.WWW_AUTHENTICATE, challenge("insufficient_scope", MISSING_PERMISSION))
                    .entity(new PermissionError()
                                    .error(INSUFFICIENT_PERMISSIONS)
                                    .errorDescription(MISSING_PERMISSION)
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
        return "Bearer realm=\"" + REALM + "\", error=\"" + error + "\", error_description=\"" + description + "\"";
    }
}
