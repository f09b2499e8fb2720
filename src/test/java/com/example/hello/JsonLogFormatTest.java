package com.example.hello;

import java.io.StringReader;
import java.util.List;
import java.util.Map;

import com.example.hello.support.Http;
import com.example.hello.support.LogCapture;
import com.example.hello.support.TestIssuer;

import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.client.WebTarget;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

/** {@code LOG_FORMAT=json}: every log record is one JSON object on one line, whatever the request held. */
@HelidonTest
class JsonLogFormatTest {
    private static final String PROTECTED = "/api/messages/protected";
    private static final String SUBJECT = "auth0|json\"}\n{\"level\":\"SEVERE\"\r\u0001\\";

    private final Http http;

    @Inject
    JsonLogFormatTest(WebTarget target) {
        this.http = new Http(target.getUri());
    }

    @AddConfigSource
    static ConfigSource config() {
        return TestIssuer.shared().config(Map.of("LOG_FORMAT", "json"));
    }

    @Test
    void eachRecordIsOneJsonObjectOnOneLine() {
        String token = TestIssuer.shared().token().claim("sub", SUBJECT).sign();
        List<String> lines;
        try (LogCapture log = LogCapture.start()) {
            http.getWithToken(PROTECTED + "?access_token=" + token, token);
            http.get("/api/messages/%22quoted%22%0A%01");
            lines = log.awaitLines("\"logger\":\"com.example.hello.web.AccessLog\"", 2, 10);
        }
        for (String line : lines) {
            assertThat("one line: " + line, line.indexOf('\n'), is(line.length() - 1));
            Json.createReader(new StringReader(line)).readObject(); // one JSON object, or this throws
        }
        JsonObject protectedLine = accessLine(lines, "/api/messages/protected");
        assertThat(protectedLine.getString("level"), is("INFO"));
        assertThat(protectedLine.getString("method"), is("GET"));
        assertThat("the path, without the query", protectedLine.getString("path"), is(PROTECTED));
        assertThat(protectedLine.getInt("status"), is(200));
        assertThat(protectedLine.getJsonNumber("duration_ms").doubleValue(), greaterThanOrEqualTo(0.0));
        assertThat("the subject, exactly", protectedLine.getString("subject"), is(SUBJECT));
        assertThat(accessLine(lines, "/api/messages/%22quoted%22%0A%01").getInt("status"), is(404));
        assertThat("no token in any line", lines,
                   everyItem(not(containsString(token.substring(token.lastIndexOf('.') + 1)))));
    }

    private static JsonObject accessLine(List<String> lines, String path) {
        return lines.stream()
                .map(line -> Json.createReader(new StringReader(line)).readObject())
                .filter(json -> path.equals(json.getString("path", null)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no access log line for " + path + " in " + lines));
    }
}
