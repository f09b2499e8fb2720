package com.example.hello.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** What each kind of setting accepts, at its boundaries, and the problem named for each refused value. */
class AcceptedTest {
    private static final String OK = "";
    private static final String NOT_LOOPBACK = "http:// to a host other than this machine";

    @TempDir
    Path directory;

    static Stream<Arguments> values() {
        return Stream.of(
                check("PORT", Accepted.PORT, "1", OK),
                check("PORT", Accepted.PORT, "65535", OK),
                check("PORT", Accepted.PORT, "0", "out of range"),
                check("PORT", Accepted.PORT, "65536", "out of range"),
                check("PORT", Accepted.PORT, "-1", "out of range"),
                check("PORT", Accepted.PORT, "99999999999999999999", "out of range"),
                check("PORT", Accepted.PORT, "abc", "not a whole number"),
                check("PORT", Accepted.PORT, " 80", "not a whole number"),
                check("PORT", Accepted.PORT, "", "not a whole number"),
                check("switch", Accepted.TRUE_OR_FALSE, "true", OK),
                check("switch", Accepted.TRUE_OR_FALSE, "FALSE", OK),
                check("switch", Accepted.TRUE_OR_FALSE, " True ", OK),
                check("switch", Accepted.TRUE_OR_FALSE, "ture", "an unknown word"),
                check("switch", Accepted.TRUE_OR_FALSE, "yes", "an unknown word"),
                check("switch", Accepted.TRUE_OR_FALSE, "1", "an unknown word"),
                check("seconds", Accepted.SECONDS, "0", OK),
                check("seconds", Accepted.SECONDS, "30", OK),
                check("seconds", Accepted.SECONDS, "2147483647", OK),
                check("seconds", Accepted.SECONDS, "2147483648", "out of range"),
                check("seconds", Accepted.SECONDS, "-1", "negative"),
                check("seconds", Accepted.SECONDS, "1.5", "not a whole number"),
                check("seconds", Accepted.SECONDS, "-", "not a whole number"),
                check("duration", Accepted.DURATION, "PT0S", OK),
                check("duration", Accepted.DURATION, "PT10M", OK),
                check("duration", Accepted.DURATION, "-PT0.001S", "negative"),
                check("refresh limit", Accepted.durationAtLeast(Duration.ofMillis(100)), "PT0.1S", OK),
                check("refresh limit", Accepted.durationAtLeast(Duration.ofMillis(100)), "PT5S", OK),
                check("refresh limit", Accepted.durationAtLeast(Duration.ofMillis(100)), "PT0S", "less than PT0.1S"),
                check("refresh limit", Accepted.durationAtLeast(Duration.ofMillis(100)), "PT0.099S",
                      "less than PT0.1S"),
                check("refresh limit", Accepted.durationAtLeast(Duration.ofMillis(100)), "-PT1S", "negative"),
                check("refresh limit", Accepted.durationAtLeast(Duration.ofMillis(100)), "5s",
                      "not an ISO-8601 duration"),
                check("duration", Accepted.DURATION, "5s", "not an ISO-8601 duration"),
                check("deadline", Accepted.DEADLINE, "PT0.001S", OK),
                check("deadline", Accepted.DEADLINE, "PT24H", OK),
                check("deadline", Accepted.DEADLINE, "PT0S", "zero"),
                check("deadline", Accepted.DEADLINE, "-PT1S", "negative"),
                check("deadline", Accepted.DEADLINE, "PT24H0.001S", "longer than a day"),
                check("deadline", Accepted.DEADLINE, "P300000Y", "not an ISO-8601 duration"),
                check("deadline", Accepted.DEADLINE, "10", "not an ISO-8601 duration"),
                check("up to a day", Accepted.DURATION_UP_TO_A_DAY, "PT0S", OK),
                check("up to a day", Accepted.DURATION_UP_TO_A_DAY, "PT0.25S", OK),
                check("up to a day", Accepted.DURATION_UP_TO_A_DAY, "-PT0.25S", "negative"),
                check("up to a day", Accepted.DURATION_UP_TO_A_DAY, "P2D", "longer than a day"),
                check("domain", Accepted.AUTH0_DOMAIN, "tenant.us.auth0.com", OK),
                check("domain", Accepted.AUTH0_DOMAIN, "https://tenant.us.auth0.com", OK),
                check("domain", Accepted.AUTH0_DOMAIN, "HTTPS://tenant.us.auth0.com/", OK),
                check("domain", Accepted.AUTH0_DOMAIN, " tenant.us.auth0.com/ ", OK),
                check("domain", Accepted.AUTH0_DOMAIN, "localhost:8443", OK),
                check("domain", Accepted.AUTH0_DOMAIN, "Tenant.US.Auth0.com:443", OK),
                check("domain", Accepted.AUTH0_DOMAIN, " ", "empty"),
                check("domain", Accepted.AUTH0_DOMAIN, "not a domain", "contains a space"),
                check("domain", Accepted.AUTH0_DOMAIN, "tenant\t.auth0.com", "contains a space"),
                check("domain", Accepted.AUTH0_DOMAIN, "http://tenant.auth0.com", "a scheme other than https://"),
                check("domain", Accepted.AUTH0_DOMAIN, "tenant.auth0.com/api", "contains a path"),
                check("domain", Accepted.AUTH0_DOMAIN, "tenant.auth0.com//", "contains a path"),
                check("domain", Accepted.AUTH0_DOMAIN, "me@tenant.auth0.com", "contains user info (@)"),
                check("domain", Accepted.AUTH0_DOMAIN, "tenant.auth0.com?x=1", "contains a query or fragment"),
                check("domain", Accepted.AUTH0_DOMAIN, "tenant.auth0.com#x", "contains a query or fragment"),
                check("domain", Accepted.AUTH0_DOMAIN, "tenant.auth0.com:70000", "port out of range"),
                check("domain", Accepted.AUTH0_DOMAIN, "tenant.auth0.com:", "port not a whole number"),
                check("domain", Accepted.AUTH0_DOMAIN, "-tenant.auth0.com", "not a host name"),
                check("domain", Accepted.AUTH0_DOMAIN, "tenant..auth0.com", "not a host name"),
                check("origins", Accepted.ORIGINS, "http://localhost:4040", OK),
                check("origins", Accepted.ORIGINS, "https://app.example.com,https://admin.example.com:8443", OK),
                check("origins", Accepted.ORIGINS, "https://app.example.com ", "contains a space"),
                check("origins", Accepted.ORIGINS, "https://app.example.com, https://admin.example.com",
                      "contains a space"),
                check("origins", Accepted.ORIGINS, "notaurl", "not an origin"),
                check("origins", Accepted.ORIGINS, "app.example.com:443", "not an origin"),
                check("origins", Accepted.ORIGINS, "//app.example.com", "not an origin"),
                check("origins", Accepted.ORIGINS, "https://app.example.com/",
                      "has a path (an origin ends after the host or port, without /)"),
                check("origins", Accepted.ORIGINS, "ftp://app.example.com", "a scheme other than http or https"),
                check("origins", Accepted.ORIGINS, "https://app.example.com?x=1", "has a query or fragment"),
                check("origins", Accepted.ORIGINS, "https://app.example.com#x", "has a query or fragment"),
                check("origins", Accepted.ORIGINS, "https://me@app.example.com", "contains user info (@)"),
                check("origins", Accepted.ORIGINS, "https://app.example.com:0", "port out of range"),
                check("origins", Accepted.ORIGINS, "https://app.example.com,", "empty"),
                check("origins", Accepted.ORIGINS, "https://a.example.com,notaurl", "not an origin"),
                check("url", Accepted.HTTPS_URL, "https://tenant.auth0.com/", OK),
                check("url", Accepted.HTTPS_URL, "http://127.0.0.1:9999/keys", OK),
                check("url", Accepted.HTTPS_URL, "http://127.0.0.2/keys", OK),
                check("url", Accepted.HTTPS_URL, "HTTP://localhost/keys", OK),
                check("url", Accepted.HTTPS_URL, "http://[::1]:8080/keys", OK),
                check("url", Accepted.HTTPS_URL, "http://tenant.auth0.com/", NOT_LOOPBACK),
                check("url", Accepted.HTTPS_URL, "http://10.0.0.1/", NOT_LOOPBACK),
                check("url", Accepted.HTTPS_URL, "http://127.example.com/", NOT_LOOPBACK),
                check("url", Accepted.HTTPS_URL, "jwks.json", "not an absolute URL"),
                check("url", Accepted.HTTPS_URL, "https:///keys", "not an absolute URL"),
                check("url", Accepted.HTTPS_URL, "https://bad host/", "not an absolute URL"),
                check("url", Accepted.HTTPS_URL, "ftp://tenant.auth0.com/", "a scheme other than https"),
                check("address", Accepted.LISTEN_ADDRESS, "0.0.0.0", OK),
                check("address", Accepted.LISTEN_ADDRESS, "localhost", OK),
                check("address", Accepted.LISTEN_ADDRESS, "::", OK),
                check("address", Accepted.LISTEN_ADDRESS, "all interfaces", "not a host name or IP address"),
                check("address", Accepted.LISTEN_ADDRESS, "", "not a host name or IP address"),
                check("text", Accepted.TEXT, "https://api", OK),
                check("text", Accepted.TEXT, " ", "blank"),
                check("client id", Accepted.CLIENT_ID, "hello-world-api-swagger-ui", OK),
                check("client id", Accepted.CLIENT_ID, "aB3._-" + "x".repeat(122), OK),
                check("client id", Accepted.CLIENT_ID, "x".repeat(129), "not a client id"),
                check("client id", Accepted.CLIENT_ID, "abc def", "not a client id"),
                check("client id", Accepted.CLIENT_ID, "abc\"<", "not a client id"),
                check("words", Accepted.oneOf("plain", "json"), "JSON", OK),
                check("words", Accepted.oneOf("plain", "json"), "text", "an unknown word"),
                check("number", Accepted.wholeNumber(1, 10), "10", OK),
                check("number", Accepted.wholeNumber(1, 10), "11", "out of range"));
    }

    private static Arguments check(String kind, Accepted accepted, String value, String problem) {
        return Arguments.of(kind + " \"" + value + "\"", accepted, value, problem);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void eachValueIsAcceptedOrItsProblemNamed(String name, Accepted accepted, String value, String problem) {
        assertThat(accepted.problem().apply(value), is(problem.isEmpty() ? Optional.empty() : Optional.of(problem)));
    }

    @Test
    void descriptionsSayWhatIsAccepted() {
        assertThat(Accepted.TRUE_OR_FALSE.description(), is("true or false (any letter case)"));
        assertThat(Accepted.oneOf("a", "b", "c").description(), is("a, b, c (any letter case)"));
        assertThat(Accepted.wholeNumber(1, 10).description(), is("a whole number from 1 to 10"));
        assertThat(Accepted.PORT.description(), is("a port number from 1 to 65535"));
    }

    @Test
    void aSwitchIsReadStrictly() {
        assertThat(Accepted.trueOrFalse(" TRUE "), is(Optional.of(true)));
        assertThat(Accepted.trueOrFalse("False"), is(Optional.of(false)));
        assertThat(Accepted.trueOrFalse("ture"), is(Optional.empty()));
        assertThat(Accepted.trueOrFalse("on"), is(Optional.empty()));
    }

    @Test
    void aKeyFileIsReadableOrCanBeCreated() throws IOException {
        Path existing = Files.writeString(directory.resolve("key.pk8"), "key");
        Path regularFile = Files.writeString(directory.resolve("a-file"), "not a directory");
        assertThat(problem(existing), is(Optional.empty()));
        assertThat(problem(directory.resolve("new.pk8")), is(Optional.empty()));
        assertThat(problem(directory.resolve("new/deeper/key.pk8")), is(Optional.empty()));
        assertThat(problem(directory), is(Optional.of("exists but is not a readable file")));
        assertThat(problem(regularFile.resolve("key.pk8")), is(Optional.of("does not exist and cannot be created")));
        assertThat(Accepted.READABLE_OR_CREATABLE_FILE.problem().apply("bad\0path"), is(Optional.of("not a path")));
    }

    private static Optional<String> problem(Path file) {
        return Accepted.READABLE_OR_CREATABLE_FILE.problem().apply(file.toString());
    }
}
