package com.example.hello.security;

import io.helidon.security.AuthorizationResponse;
import io.helidon.security.ProviderRequest;
import io.helidon.security.spi.AuthorizationProvider;

/**
 * The reference sample's basic mode ({@code RBAC_ENABLED=false}): permissions named by the contract are not
 * checked, so any caller who passed authentication (a valid access token) is allowed. Used instead of Helidon's
 * role check only when RBAC is switched off.
 */
final class BasicModeAuthorizationProvider implements AuthorizationProvider {
    @Override
    public AuthorizationResponse authorize(ProviderRequest request) {
        return AuthorizationResponse.permit();
    }
}
