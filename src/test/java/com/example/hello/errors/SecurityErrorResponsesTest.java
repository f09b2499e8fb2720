package com.example.hello.errors;

import io.helidon.security.AuthenticationResponse;
import io.helidon.security.SecurityResponse.SecurityStatus;

import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * Descriptions hold our configured audience or issuer, which may hold any character: inside the challenge's quotes
 * they must stay what RFC 6750 §3 allows there (printable ASCII but {@code "} and {@code \}).
 */
class SecurityErrorResponsesTest {
    @Test
    void aQuoteABackslashALineBreakOrNonAsciiInAConfiguredValueCannotBreakTheChallenge() {
        Response.ResponseBuilder builder = Response.status(401);
        new SecurityErrorResponses().aborted(AuthenticationResponse.builder()
                                                     .status(SecurityStatus.FAILURE)
                                                     .description("this API expects the audience a\"b\\c é\r\nX: y")
                                                     .build(), builder);
        assertThat(builder.build().getHeaderString("WWW-Authenticate"), is(
                "Bearer realm=\"hello-world-api\", error=\"invalid_token\", "
                        + "error_description=\"this API expects the audience a%22b%5Cc %C3%A9%0D%0AX: y\""));
    }

    @Test
    void printableAsciiOtherThanQuoteAndBackslashIsKeptAsItIs() {
        String allowed = "https://api.example.com/v1?x=1&y=[2] {'a'} ~!#$%*+,-./:;<=>@^_`|";
        assertThat(SecurityErrorResponses.quotable(allowed), is(allowed));
    }
}
