package com.example.hello.security;

import java.util.stream.Collectors;

import com.example.hello.config.Auth0Settings;

/**
 * Why an access token was refused. The description goes to the caller (RFC 6750 {@code error_description}), so it
 * says what is wrong without echoing the token or anything about the keys; where the likely mistake is a setting
 * (the audience, the issuer), it adds this API's own configured value, which is public: never a value taken from
 * the token.
 */
public enum TokenRejection {
    MALFORMED("The access token is malformed"),
    /** What Auth0 issues when the client asked for a token without {@code audience}: a JWE this API cannot read. */
    OPAQUE_TOKEN("The access token is an opaque token, not a JWT for this API"),
    /** RFC 7515 §4.1.11: a JWS whose {@code crit} names extensions the recipient does not understand is invalid. */
    CRITICAL_HEADER("The access token names critical header parameters this API does not understand"),
    UNSUPPORTED_ALGORITHM("The access token must be signed with RS256"),
    UNKNOWN_KEY("The access token was signed with an unknown key"),
    KEYS_UNAVAILABLE("The signing keys of the issuer are unavailable"),
    BAD_SIGNATURE("The access token signature is invalid"),
    MISSING_EXPIRY("The access token has no expiry"),
    EXPIRED("The access token expired"),
    NOT_YET_VALID("The access token is not valid yet"),
    WRONG_ISSUER("The access token was issued by an untrusted issuer"),
    WRONG_AUDIENCE("The access token is not meant for this API");

    private final String description;

    TokenRejection(String description) {
        this.description = description;
    }

    /** @return a safe, human-readable reason, without any setting */
    public String description() {
        return description;
    }

    /**
     * The reason as the caller reads it: for the mistakes a setting explains, with this API's configured audience or
     * issuer (any number of audiences: one of them).
     *
     * @param settings this API's settings
     * @return the description
     */
    public String description(Auth0Settings settings) {
        String audience = settings.audiences().stream().sorted().collect(Collectors.joining(" or "));
        return switch (this) {
            case OPAQUE_TOKEN -> description + ": request it with the audience parameter set to " + audience;
            case WRONG_AUDIENCE -> description + ": this API expects the audience " + audience;
            case WRONG_ISSUER -> description + ": this API trusts " + settings.issuer();
            default -> description;
        };
    }
}
