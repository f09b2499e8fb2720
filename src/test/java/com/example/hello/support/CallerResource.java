package com.example.hello.support;

import io.helidon.security.annotations.Authenticated;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** A resource added only in tests, as a user's own would be: it reads the caller's token through MicroProfile JWT. */
@Path("/test/caller")
@RequestScoped
public class CallerResource {
    @Inject
    JsonWebToken token;

    /** @return the token's subject, issuer and permissions claim, one per line */
    @GET
    @Authenticated
    @Produces(MediaType.TEXT_PLAIN)
    public String caller() {
        return token.getSubject() + "\n" + token.getIssuer() + "\n" + token.getClaim("permissions");
    }
}
