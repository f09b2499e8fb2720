package com.example.hello.security;

import java.util.Set;

import io.helidon.security.jwt.Jwt;
import io.helidon.security.jwt.SignedJwt;

/**
 * An access token whose signature and claims passed every check.
 *
 * @param signed      the token as received, kept so MicroProfile JWT can expose it as {@code JsonWebToken}
 * @param claims      its claims
 * @param permissions the strings of its {@code permissions} array (empty when the claim is absent or not an
 *                    array of strings)
 */
public record VerifiedAccessToken(SignedJwt signed, Jwt claims, Set<String> permissions) {
}
