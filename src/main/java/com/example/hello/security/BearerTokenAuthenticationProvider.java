package com.example.hello.security;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.helidon.security.AuthenticationResponse;
import io.helidon.security.Grant;
import io.helidon.security.Principal;
import io.helidon.security.ProviderRequest;
import io.helidon.security.Role;
import io.helidon.security.SecurityResponse;
import io.helidon.security.Subject;
import io.helidon.security.jwt.Jwt;
import io.helidon.security.jwt.SignedJwt;
import io.helidon.security.providers.common.TokenCredential;
import io.helidon.security.spi.AuthenticationProvider;

/**
 * Authenticates {@code Authorization: Bearer <access token>} requests for Helidon security.
 * <p>
 * A request without a bearer token is left unauthenticated (401 "Requires authentication" where a token is
 * needed); a token that fails verification is refused with its reason (401 "Bad credentials"). A valid token
 * becomes the caller: its {@code permissions} become roles, which is what {@code @RolesAllowed} checks, and the
 * token itself is kept so that {@code @Inject JsonWebToken} works as in any MicroProfile JWT application.
 */
public final class BearerTokenAuthenticationProvider implements AuthenticationProvider {
    private static final String AUTHORIZATION = "Authorization";
    private static final String BEARER = "bearer";

    private final AccessTokenVerifier verifier;

    /** @param verifier decides whether a token is valid */
    public BearerTokenAuthenticationProvider(AccessTokenVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public AuthenticationResponse authenticate(ProviderRequest request) {
        Optional<String> token = bearerToken(request.env().headers());
        if (token.isEmpty()) {
            AuthenticationOutcomes.missing();
            return AuthenticationResponse.abstain();
        }
        try {
            Subject caller = subject(verifier.verify(token.get()));
            AuthenticationOutcomes.accepted();
            return AuthenticationResponse.success(caller);
        } catch (TokenRejectedException e) {
            AuthenticationOutcomes.rejected(e.reason());
            return AuthenticationResponse.builder()
                    .status(SecurityResponse.SecurityStatus.FAILURE)
                    .statusCode(401)
                    .description(verifier.describe(e.reason()))
                    .build();
        }
    }

    /** The token of the first {@code Authorization} header whose scheme is Bearer, in any letter case. */
    static Optional<String> bearerToken(Map<String, List<String>> headers) {
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (!AUTHORIZATION.equalsIgnoreCase(header.getKey())) {
                continue;
            }
            for (String value : header.getValue()) {
                String trimmed = value.trim();
                int space = trimmed.indexOf(' ');
                String scheme = space < 0 ? trimmed : trimmed.substring(0, space);
                if (BEARER.equalsIgnoreCase(scheme)) {
                    return Optional.of(space < 0 ? "" : trimmed.substring(space + 1).trim());
                }
            }
        }
        return Optional.empty();
    }

    private static Subject subject(VerifiedAccessToken token) {
        Jwt jwt = token.claims();
        TokenCredential.Builder credential = TokenCredential.builder()
                .token(token.signed().tokenContent())
                .addToken(SignedJwt.class, token.signed())
                .addToken(Jwt.class, jwt);
        jwt.issuer().ifPresent(credential::issuer);
        jwt.issueTime().ifPresent(credential::issueTime);
        jwt.expirationTime().ifPresent(credential::expTime);

        Subject.Builder subject = Subject.builder()
                .principal(Principal.create(jwt.subject().orElse("unknown")))
                .addPublicCredential(TokenCredential.class, credential.build());
        token.permissions().forEach(permission -> subject.addGrant(Role.create(permission)));
        jwt.scopes().ifPresent(scopes -> scopes.forEach(
                scope -> subject.addGrant(Grant.builder().type("scope").name(scope).build())));
        return subject.build();
    }
}
