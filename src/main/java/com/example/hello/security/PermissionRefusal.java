package com.example.hello.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.helidon.common.context.Contexts;
import io.helidon.security.EndpointConfig;
import io.helidon.security.SecurityContext;
import io.helidon.security.SecurityLevel;
import io.helidon.security.jwt.Jwt;
import io.helidon.security.providers.common.TokenCredential;

import jakarta.annotation.security.RolesAllowed;

/**
 * What a refused caller needs to know about a 403: the permissions the operation requires (its
 * {@code x-required-permissions} in {@code openapi.yaml}, generated onto the API interface as {@code @RolesAllowed},
 * which Helidon security has just checked) and whether the token had no {@code permissions} claim at all, Auth0's
 * sign that "Add Permissions in the Access Token" is off for this API.
 *
 * @param requiredPermissions  the operation's permissions, in the contract's order (empty when unknown)
 * @param permissionsClaimMissing whether the caller's token has no {@code permissions} claim
 */
public record PermissionRefusal(List<String> requiredPermissions, boolean permissionsClaimMissing) {
    private static final String PERMISSIONS_CLAIM = "permissions";

    /** @return the refusal of the request being handled on this thread, from its security context */
    public static PermissionRefusal current() {
        return Contexts.context()
                .flatMap(context -> context.get(SecurityContext.class))
                .map(PermissionRefusal::of)
                .orElse(new PermissionRefusal(List.of(), false));
    }

    static PermissionRefusal of(SecurityContext security) {
        return new PermissionRefusal(requiredPermissions(security.endpointConfig()), permissionsClaimMissing(security));
    }

    /** The method's {@code @RolesAllowed}, or else its class's: the one that decided. */
    private static List<String> requiredPermissions(EndpointConfig endpoint) {
        List<String> permissions = new ArrayList<>();
        for (EndpointConfig.AnnotationScope scope : List.of(EndpointConfig.AnnotationScope.METHOD,
                                                            EndpointConfig.AnnotationScope.CLASS)) {
            for (SecurityLevel level : endpoint.securityLevels()) {
                for (RolesAllowed roles : level.filterAnnotations(RolesAllowed.class, scope)) {
                    permissions.addAll(List.of(roles.value()));
                }
            }
            if (!permissions.isEmpty()) {
                return List.copyOf(permissions);
            }
        }
        return List.of();
    }

    private static boolean permissionsClaimMissing(SecurityContext security) {
        Optional<Jwt> token = security.user()
                .flatMap(subject -> subject.publicCredential(TokenCredential.class))
                .flatMap(credential -> credential.getTokenInstance(Jwt.class));
        return token.isPresent() && token.get().payloadClaim(PERMISSIONS_CLAIM).isEmpty();
    }
}
