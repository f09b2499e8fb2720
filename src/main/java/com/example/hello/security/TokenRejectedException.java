package com.example.hello.security;

/** Thrown by {@link AccessTokenVerifier} when a token is refused. Carries no token content. */
public final class TokenRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient TokenRejection reason;

    TokenRejectedException(TokenRejection reason) {
        super(reason.description(), null, false, false);
        this.reason = reason;
    }

    /** @return why the token was refused */
    public TokenRejection reason() {
        return reason;
    }
}
