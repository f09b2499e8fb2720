package com.example.hello.support;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** A resource that fails unexpectedly, added only in tests to prove how a 500 looks. */
@Path("/test/failure")
@ApplicationScoped
public class FailingResource {
    /** The message of the failure, which must never reach the caller. */
    public static final String SECRET_DETAIL = "internal detail that must not leak";

    /** @return never */
    @GET
    public String fail() {
        throw new IllegalStateException(SECRET_DETAIL);
    }
}
