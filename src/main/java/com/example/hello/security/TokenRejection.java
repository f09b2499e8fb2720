package com.example.hello.security;

/**
 * Why an access token was refused. The description goes to the caller (RFC 6750 {@code error_description}), so it
 * says what is wrong without echoing the token or anything about the keys.
 */
public enum TokenRejection {
    MALFORMED("The access token is malformed"),
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

    /** @return a safe, human-readable reason */
    public String description() {
        return description;
    }
}
