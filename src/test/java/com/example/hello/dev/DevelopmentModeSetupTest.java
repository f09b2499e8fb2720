package com.example.hello.dev;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.example.hello.support.TestIssuer;

import io.helidon.config.mp.MpConfigSources;
import io.helidon.security.jwt.SignedJwt;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Development mode before the server starts: refused over any real issuer's setting, otherwise the configuration
 * pointed at the local issuer, and the welcome that prints Swagger UI's address and working curl commands.
 */
class DevelopmentModeSetupTest {
    /** What {@link DevMode#prepare} sets; restored after each test, so no other test sees development mode. */
    private static final List<String> SET = List.of(
            "mp.jwt.verify.issuer", "mp.jwt.verify.publickey.location", "AUTH0_AUDIENCE",
            "AUTH0_SWAGGER_UI_CLIENT_ID", "swagger-ui.oauth.authorization-url", "swagger-ui.oauth.token-url",
            "server.host", "MANAGEMENT_HOST", "server.sockets.0.port", "server.features.observe.sockets");
    private static final Pattern CURL = Pattern.compile(
            "curl --request GET --url http://127\\.0\\.0\\.1:6060/api/messages/(\\w+)"
                    + "(?: --header 'authorization: Bearer ([^']+)')?");

    private final Map<String, Optional<String>> before = new HashMap<>();
    private DevMode prepared;

    @TempDir
    Path directory;

    @AfterEach
    void restore() throws ReflectiveOperationException {
        if (prepared != null) { // the mode has no stop of its own: the process ends with it
            Field server = DevMode.class.getDeclaredField("authorizationServer");
            server.setAccessible(true);
            ((DevAuthorizationServer) server.get(prepared)).close();
        }
        before.forEach((key, value) -> value.ifPresentOrElse(v -> System.setProperty(key, v),
                                                             () -> System.clearProperty(key)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mp.jwt.verify.issuer", "mp.jwt.verify.publickey.location"})
    void anotherIssuersSettingIsRefused(String setting) {
        assertThat(DevMode.refusal(config(Map.of(setting, "https://issuer.example/"))), is(Optional.of(
                "Development mode (--dev) refuses to start while " + setting + " is set: unset " + setting
                        + " to use the local development issuer, or start without --dev to use that issuer.")));
    }

    @Test
    void aTenantIsRefusedAndPrepareSaysWhy() {
        Config tenant = config(Map.of("AUTH0_DOMAIN", "tenant.auth0.com"));
        String refusal = "Development mode (--dev) refuses to start while AUTH0_DOMAIN is set: unset AUTH0_DOMAIN to "
                + "use the local development issuer, or start without --dev to use your Auth0 tenant.";
        assertThat(DevMode.refusal(tenant), is(Optional.of(refusal)));
        assertThat(assertThrows(DevMode.RefusedException.class,
                                () -> DevMode.prepare(tenant, directory.resolve("key.pk8"))).getMessage(),
                   is(refusal));
    }

    @Test
    void blankIssuerSettingsAreNotSet() {
        assertThat(DevMode.refusal(config(Map.of("AUTH0_DOMAIN", " ", "mp.jwt.verify.issuer", "",
                                                 "mp.jwt.verify.publickey.location", " "))), is(Optional.empty()));
    }

    @Test
    void theAudienceIsTheConfiguredOneOrElseTheDefault() {
        assertThat(DevMode.audience(config(Map.of("AUTH0_AUDIENCE", "https://api"))), is("https://api"));
        assertThat(DevMode.audience(config(Map.of("AUTH0_AUDIENCE", " "))), is(DevIssuer.DEFAULT_AUDIENCE));
        assertThat(DevMode.audience(config(Map.of())), is(DevIssuer.DEFAULT_AUDIENCE));
    }

    @Test
    void theKeyFileIsTheConfiguredOne() throws DevMode.RefusedException {
        Path key = directory.resolve("configured.pk8");
        saveProperties();
        prepared = DevMode.prepare(config(Map.of(DevMode.KEY_FILE, key.toString())));
        assertThat(prepared == null, is(false));
        assertThat(Files.isRegularFile(key), is(true));
    }

    @Test
    void theKeyFileDefaultsToTheUsersHomeReadableByTheOwnerOnly() throws Exception {
        Path home = directory.resolve("home");
        Config shipped = ConfigProviderResolver.instance().getBuilder().withSources(TestIssuer.aboveTheEnvironment(
                "the shipped defaults, user.home elsewhere", Map.of("user.home", home.toString()))).build();
        saveProperties();

        prepared = DevMode.prepare(shipped);

        Path key = home.resolve(".hello-world-api").resolve("dev-signing-key.pk8");
        assertThat("created there", Files.isRegularFile(key), is(true));
        assertThat("permissions", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)), is("rw-------"));
    }

    @Test
    void prepareAnswersVerificationAndSignInWithTheLocalIssuerOnLoopback() throws Exception {
        prepared = prepare(Map.of("AUTH0_AUDIENCE", "https://api"));

        URI jwks = URI.create(System.getProperty("mp.jwt.verify.publickey.location"));
        assertThat(System.getProperty("mp.jwt.verify.issuer"), is(DevIssuer.ISSUER));
        assertThat(jwks.getHost() + jwks.getPath(), is("127.0.0.1/.well-known/jwks.json"));
        assertThat(System.getProperty("AUTH0_AUDIENCE"), is("https://api"));
        assertThat(System.getProperty("AUTH0_SWAGGER_UI_CLIENT_ID"), is(DevAuthorizationServer.CLIENT_ID));
        assertThat(System.getProperty("swagger-ui.oauth.authorization-url"),
                   is("http://127.0.0.1:" + jwks.getPort() + "/authorize"));
        assertThat(System.getProperty("swagger-ui.oauth.token-url"),
                   is("http://127.0.0.1:" + jwks.getPort() + "/oauth/token"));
        assertThat(System.getProperty("server.host"), is("127.0.0.1"));
        assertThat(System.getProperty("MANAGEMENT_HOST"), is("127.0.0.1"));
        assertThat(System.getProperty("server.sockets.0.port"), is("0"));
        assertThat(System.getProperty("server.features.observe.sockets"), is("@default,management"));
        assertThat(get(jwks).statusCode(), is(200));
    }

    @Test
    void theWelcomePrintsSwaggerUiAndCurlCommandsWithAUserAndAnAdminToken() {
        prepared = prepare(Map.of("AUTH0_AUDIENCE", "https://api"));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        // buffered, as System.out is: the welcome must be flushed to be seen
        prepared.printWelcome(new PrintStream(new BufferedOutputStream(printed), false, StandardCharsets.UTF_8), 6060);

        List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.size(), is(16));
        assertThat(lines.get(0), is(""));
        assertThat(lines.get(1), is("=== Hello World API: DEVELOPMENT MODE (local issuer, not Auth0) ==="));
        assertThat(lines.get(2), is("Swagger UI: http://127.0.0.1:6060/docs/ (Authorize, then sign in on the "
                                            + "development page: choose the"));
        assertThat(lines.get(3), is("subject and whether the token holds read:admin-messages; or paste a token "
                                            + "below)"));
        assertThat(lines.get(4), is(""));
        assertThat(lines.get(5), is("Tokens below are valid for one hour. Try:"));
        assertThat(lines.get(6), is(""));
        assertThat(lines.get(7), is("curl --request GET --url http://127.0.0.1:6060/api/messages/public"));
        assertThat(lines.get(8), is(""));
        assertCurl(lines.get(9), "protected", "dev|user", List.of());
        assertThat(lines.get(10), is(""));
        assertCurl(lines.get(11), "admin", "dev|admin", List.of("read:admin-messages"));
        assertThat(lines.get(12), is(""));
        assertThat(lines.get(13), is("More tokens: target/hello-world-api token --permissions read:admin-messages "
                                             + "(the usage: target/hello-world-api token --help)"));
        assertThat(lines.get(14), is("Health and metrics: http://127.0.0.1:6060/health, http://127.0.0.1:6060/metrics "
                                             + "(in production only on MANAGEMENT_PORT, never on the API port)"));
        assertThat(lines.get(15), is("====================================================================="));
    }

    @Test
    void theWelcomeRegistersSwaggerUiOfThatPortWithTheSignIn() throws Exception {
        prepared = prepare(Map.of("AUTH0_AUDIENCE", "https://api"));
        String callback = "http://127.0.0.1:6060" + DevAuthorizationServer.CALLBACK_PATH;
        URI signIn = URI.create(System.getProperty("swagger-ui.oauth.authorization-url") + "?client_id="
                                        + DevAuthorizationServer.CLIENT_ID + "&redirect_uri="
                                        + URLEncoder.encode(callback, StandardCharsets.UTF_8)
                                        + "&response_type=code&code_challenge_method=S256&audience=https%3A%2F%2Fapi"
                                        + "&code_challenge=" + DevAuthorizationServer.s256("v".repeat(43)));
        assertThat("before the welcome", get(signIn).statusCode(), is(400));

        prepared.printWelcome(new PrintStream(new ByteArrayOutputStream(), false, StandardCharsets.UTF_8), 6060);

        assertThat("after the welcome", get(signIn).statusCode(), is(200));
    }

    private static void assertCurl(String line, String path, String subject, List<String> permissions) {
        Matcher curl = CURL.matcher(line);
        assertThat(line, curl.matches(), is(true));
        assertThat(curl.group(1), is(path));
        var claims = SignedJwt.parseToken(curl.group(2)).getJwt();
        assertThat(claims.subject(), is(Optional.of(subject)));
        assertThat(claims.audience(), is(Optional.of(List.of("https://api"))));
        assertThat(claims.payloadClaim("permissions").map(Object::toString).orElseThrow(),
                   is(permissions.stream().map(p -> "\"" + p + "\"").toList().toString().replace(" ", "")));
    }

    private DevMode prepare(Map<String, String> values) {
        return prepare(config(values));
    }

    private DevMode prepare(Config config) {
        saveProperties();
        try {
            return DevMode.prepare(config, directory.resolve("key.pk8"));
        } catch (DevMode.RefusedException e) {
            throw new AssertionError(e);
        }
    }

    private void saveProperties() {
        SET.forEach(key -> before.put(key, Optional.ofNullable(System.getProperty(key))));
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static Config config(Map<String, String> values) {
        return ConfigProviderResolver.instance().getBuilder().withSources(MpConfigSources.create(values)).build();
    }
}
