package com.example.hello.dev;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/**
 * The development issuer's web side, on 127.0.0.1 only: its JWKS, and the OAuth 2.0 Authorization Code flow with
 * PKCE that Swagger UI signs in with, as Auth0 offers it to a Single Page Application. The sign-in page lets the
 * developer choose the token's subject and whether it holds {@code read:admin-messages}; the token is the same as
 * the {@code token} command's.
 * <p>
 * Strict where a real server is (RFC 6749, RFC 7636): one registered client, callbacks compared exactly, PKCE S256
 * required and checked, codes single-use and short-lived, {@code state} returned unchanged, errors as RFC 6749's
 * JSON. A small implementation of our own rather than mock-oauth2-server, which would bring Kotlin and OkHttp into
 * the application's runtime and accepts any redirect URI.
 */
public final class DevAuthorizationServer implements AutoCloseable {
    /** The client id of Swagger UI in development mode (a public client: no secret). */
    public static final String CLIENT_ID = "hello-world-api-swagger-ui";
    /** Where Swagger UI receives the code (its page beside {@code /docs/}). */
    static final String CALLBACK_PATH = "/docs/oauth2-redirect.html";
    /** A code is exchanged within seconds; a minute leaves room for a slow machine, as Auth0 does. */
    static final Duration CODE_LIFETIME = Duration.ofMinutes(1);
    static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
    static final List<String> GRANTABLE_PERMISSIONS = List.of(DevMode.ADMIN_PERMISSION);
    private static final int MAX_PENDING_CODES = 1_000;
    private static final int MAX_FORM_BYTES = 16 * 1024;
    /** RFC 7636: an S256 challenge is the base64url SHA-256 of the verifier, 43 characters. */
    private static final Pattern S256_CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");
    /** RFC 7636: 43 to 128 unreserved characters. */
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DevIssuer issuer;
    private final String audience;
    private final Clock clock;
    private final HttpServer server;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private volatile Set<String> callbacks = Set.of();
    private volatile Set<String> docsOrigins = Set.of();

    /** What a code stands for, until it is exchanged or expires. */
    private record Grant(String redirectUri, String challenge, String subject, List<String> permissions,
                         Instant expires) {
    }

    /** A request's parameters: each once at most, and the repeatable {@code permission} field of the sign-in form. */
    private record Params(Map<String, String> values, List<String> permissions) {
        String get(String name) {
            return values.get(name);
        }
    }

    /** A request the flow refuses: an RFC 6749 error code and a description. */
    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        private final String error;

        Refusal(String error, String description) {
            super(description, null, false, false);
            this.error = error;
        }
    }

    private DevAuthorizationServer(DevIssuer issuer, String audience, Clock clock) throws IOException {
        this.issuer = issuer;
        this.audience = audience;
        this.clock = clock;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] jwks = issuer.jwks().toString().getBytes(StandardCharsets.UTF_8);
        server.createContext("/.well-known/jwks.json", exchange -> send(exchange, 200, "application/json", jwks));
        server.createContext("/authorize", this::authorize);
        server.createContext("/oauth/token", this::token);
        server.start();
    }

    /**
     * Starts the server on a free port of 127.0.0.1, until the process ends or {@link #close()}.
     *
     * @param issuer   signs the tokens
     * @param audience the tokens' {@code aud}: the API's audience
     * @param clock    when codes expire
     * @return the running server
     */
    public static DevAuthorizationServer start(DevIssuer issuer, String audience, Clock clock) {
        try {
            return new DevAuthorizationServer(issuer, audience, clock);
        } catch (IOException e) {
            throw new IllegalStateException("The development issuer could not listen on 127.0.0.1", e);
        }
    }

    /**
     * Registers Swagger UI of the API on this port: its callback (as {@code localhost} and {@code 127.0.0.1}) is
     * then the only {@code redirect_uri} accepted, and its origin the only one that may call the token endpoint.
     *
     * @param apiPort the port the API listens on
     */
    public void acceptDocsAt(int apiPort) {
        List<String> origins = List.of("http://127.0.0.1:" + apiPort, "http://localhost:" + apiPort);
        docsOrigins = Set.copyOf(origins);
        callbacks = Set.copyOf(origins.stream().map(origin -> origin + CALLBACK_PATH).toList());
    }

    /** @return the address the server listens on (a loopback address, never all interfaces) */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** @return the origin, e.g. {@code http://127.0.0.1:41234} */
    public String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** @return where the JWKS is published */
    public URI jwksUrl() {
        return URI.create(origin() + "/.well-known/jwks.json");
    }

    /** @return the sign-in page */
    public URI authorizationUrl() {
        return URI.create(origin() + "/authorize");
    }

    /** @return the token endpoint */
    public URI tokenUrl() {
        return URI.create(origin() + "/oauth/token");
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // --- /authorize: GET shows the sign-in page, POST (the page's form) issues a code --------------------------

    private void authorize(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("POST")) {
                exchange.getResponseHeaders().set("Allow", "GET, POST");
                sendPage(exchange, 405, "Method not allowed", "The sign-in page answers GET and POST only.");
                return;
            }
            Params params;
            try {
                params = method.equals("GET") ? parse(exchange.getRequestURI().getRawQuery()) : form(exchange);
            } catch (Refusal refusal) {
                sendPage(exchange, 400, "Bad sign-in request", refusal.getMessage());
                return;
            }
            // Until client and callback are known good, nothing is redirected anywhere: an error page instead.
            String redirectUri = params.get("redirect_uri");
            if (!CLIENT_ID.equals(params.get("client_id"))) {
                sendPage(exchange, 400, "Unknown client",
                         "client_id must be " + CLIENT_ID + ", the development Swagger UI.");
                return;
            }
            if (redirectUri == null || !callbacks.contains(redirectUri)) {
                sendPage(exchange, 400, "Unregistered redirect_uri",
                         "redirect_uri " + (redirectUri == null ? "is missing" : redirectUri + " is not registered")
                                 + "; registered: " + String.join(", ", callbacks.stream().sorted().toList()) + ".");
                return;
            }
            Optional<String> state = Optional.ofNullable(params.get("state"));
            try {
                checkAuthorizationRequest(params);
                if (method.equals("GET")) {
                    sendSignInPage(exchange, params);
                    return;
                }
                String code = issueCode(redirectUri, params.get("code_challenge"), subject(params),
                                        permissions(params));
                redirect(exchange, redirectUri, state, "code", code);
            } catch (Refusal refusal) {
                redirect(exchange, redirectUri, state,
                         "error", refusal.error, "error_description", refusal.getMessage());
            }
        }
    }

    private void checkAuthorizationRequest(Params params) throws Refusal {
        if (!"code".equals(params.get("response_type"))) {
            throw new Refusal("unsupported_response_type", "response_type must be code");
        }
        String challenge = params.get("code_challenge");
        if (challenge == null || !"S256".equals(params.get("code_challenge_method"))) {
            throw new Refusal("invalid_request", "PKCE is required: code_challenge with code_challenge_method S256");
        }
        if (!S256_CHALLENGE.matcher(challenge).matches()) {
            throw new Refusal("invalid_request", "code_challenge must be a base64url SHA-256 (43 characters)");
        }
        // Auth0 answers a request without audience with an opaque token this API cannot read: refused here, so a
        // client that forgets it fails in development as it would against the tenant.
        String requested = params.get("audience");
        if (requested == null) {
            throw new Refusal("invalid_request", "audience is missing: ask for audience=" + audience
                    + " (without it Auth0 issues an opaque token, not a JWT for this API)");
        }
        if (!requested.equals(audience)) {
            throw new Refusal("invalid_request", "audience must be this API's, " + audience);
        }
    }

    private static String subject(Params params) throws Refusal {
        String subject = params.values().getOrDefault("subject", "").strip();
        if (subject.isEmpty() || subject.length() > 200) {
            throw new Refusal("invalid_request", "subject must be 1 to 200 characters");
        }
        return subject;
    }

    /** The ticked permissions: repeated {@code permission} fields, each one the API knows. */
    private static List<String> permissions(Params params) throws Refusal {
        List<String> permissions = new ArrayList<>();
        for (String value : params.permissions()) {
            if (!GRANTABLE_PERMISSIONS.contains(value)) {
                throw new Refusal("invalid_scope", "unknown permission");
            }
            if (!permissions.contains(value)) {
                permissions.add(value);
            }
        }
        return permissions;
    }

    private String issueCode(String redirectUri, String challenge, String subject, List<String> permissions)
            throws Refusal {
        Instant now = clock.instant();
        codes.values().removeIf(grant -> !now.isBefore(grant.expires()));
        if (codes.size() >= MAX_PENDING_CODES) {
            throw new Refusal("temporarily_unavailable", "too many codes waiting to be exchanged");
        }
        String code = random();
        codes.put(code, new Grant(redirectUri, challenge, subject, List.copyOf(permissions),
                                  now.plus(CODE_LIFETIME)));
        return code;
    }

    // --- /oauth/token: the code for an access token -----------------------------------------------------------

    private void token(HttpExchange exchange) throws IOException {
        try (exchange) {
            String origin = exchange.getRequestHeaders().getFirst("Origin");
            boolean allowedOrigin = origin != null && docsOrigins.contains(origin);
            if (allowedOrigin) {
                exchange.getResponseHeaders().set("Access-Control-Allow-Origin", origin);
            }
            exchange.getResponseHeaders().set("Vary", "Origin");
            String method = exchange.getRequestMethod();
            if (method.equals("OPTIONS")) {
                if (!allowedOrigin) {
                    sendError(exchange, 403, new Refusal("invalid_request", "this origin may not call the token endpoint"));
                    return;
                }
                exchange.getResponseHeaders().set("Access-Control-Allow-Methods", "POST");
                exchange.getResponseHeaders().set("Access-Control-Allow-Headers", "Content-Type, X-Requested-With");
                exchange.getResponseHeaders().set("Access-Control-Max-Age", "600");
                send(exchange, 204, null, new byte[0]);
                return;
            }
            // A page of another origin may POST a form without a preflight: it must not redeem or burn codes.
            if (origin != null && !allowedOrigin) {
                sendError(exchange, 403, new Refusal("invalid_request", "this origin may not call the token endpoint"));
                return;
            }
            if (!method.equals("POST")) {
                exchange.getResponseHeaders().set("Allow", "POST, OPTIONS");
                sendError(exchange, 405, new Refusal("invalid_request", "the token endpoint answers POST only"));
                return;
            }
            try {
                String accessToken = exchange(form(exchange));
                sendJson(exchange, 200, Json.createObjectBuilder()
                        .add("access_token", accessToken)
                        .add("token_type", "Bearer")
                        .add("expires_in", TOKEN_LIFETIME.toSeconds())
                        .build());
            } catch (Refusal refusal) {
                sendError(exchange, refusal.error.equals("invalid_client") ? 401 : 400, refusal);
            }
        }
    }

    private String exchange(Params params) throws Refusal {
        String grantType = params.get("grant_type");
        if (grantType == null) {
            throw new Refusal("invalid_request", "grant_type is missing");
        }
        if (!grantType.equals("authorization_code")) {
            throw new Refusal("unsupported_grant_type", "grant_type must be authorization_code");
        }
        if (!CLIENT_ID.equals(params.get("client_id"))) {
            throw new Refusal("invalid_client", "unknown client_id");
        }
        for (String required : List.of("code", "redirect_uri", "code_verifier")) {
            if (params.get(required) == null) {
                throw new Refusal("invalid_request", required + " is missing");
            }
        }
        String verifier = params.get("code_verifier");
        if (!VERIFIER.matcher(verifier).matches()) {
            throw new Refusal("invalid_request", "code_verifier must be 43 to 128 unreserved characters");
        }
        // Removed on the first attempt, whatever its outcome: a code is good for one exchange only.
        Grant grant = codes.remove(params.get("code"));
        if (grant == null) {
            throw new Refusal("invalid_grant", "the code is unknown or was already used");
        }
        if (!clock.instant().isBefore(grant.expires())) {
            throw new Refusal("invalid_grant", "the code expired");
        }
        if (!grant.redirectUri().equals(params.get("redirect_uri"))) {
            throw new Refusal("invalid_grant", "redirect_uri differs from the authorization request's");
        }
        if (!MessageDigest.isEqual(s256(verifier).getBytes(StandardCharsets.US_ASCII),
                                   grant.challenge().getBytes(StandardCharsets.US_ASCII))) {
            throw new Refusal("invalid_grant", "code_verifier does not match the code_challenge");
        }
        return issuer.mint(grant.subject(), audience, grant.permissions(), TOKEN_LIFETIME);
    }

    // --- HTTP details -----------------------------------------------------------------------------------------

    private static Params form(HttpExchange exchange) throws Refusal, IOException {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
            throw new Refusal("invalid_request", "the body must be application/x-www-form-urlencoded");
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_FORM_BYTES + 1);
            if (body.length > MAX_FORM_BYTES) {
                throw new Refusal("invalid_request", "the body is too large");
            }
            return parse(new String(body, StandardCharsets.US_ASCII));
        }
    }

    /** RFC 6749 3.1: a parameter sent twice is an invalid request; empty values count as absent. */
    private static Params parse(String encoded) throws Refusal {
        Map<String, String> params = new LinkedHashMap<>();
        List<String> permissions = new ArrayList<>();
        if (encoded == null || encoded.isEmpty()) {
            return new Params(params, permissions);
        }
        for (String pair : encoded.split("&")) {
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            if (name.equals("permission")) {
                permissions.add(value);
            } else if (!value.isEmpty() && params.put(name, value) != null) {
                throw new Refusal("invalid_request", name + " is repeated");
            }
        }
        return new Params(params, permissions);
    }

    private static String decode(String text) throws Refusal {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Refusal("invalid_request", "malformed URL encoding");
        }
    }

    private void sendSignInPage(HttpExchange exchange, Params params) throws IOException {
        StringBuilder hidden = new StringBuilder();
        for (String name : List.of("response_type", "client_id", "redirect_uri", "state", "code_challenge",
                                   "code_challenge_method", "audience")) {
            if (params.get(name) != null) {
                hidden.append("    <input type=\"hidden\" name=\"").append(name).append("\" value=\"")
                        .append(html(params.get(name))).append("\">\n");
            }
        }
        String page = """
                <!DOCTYPE html>
                <html lang="en">
                <head><meta charset="utf-8"><title>Development sign-in: Hello World API</title></head>
                <body>
                  <h1>Development sign-in</h1>
                  <p>Development mode, no Auth0 tenant: choose who you are and what your access token holds. It is
                  signed by the local development key, for %s, valid for an hour, and accepted only by this
                  server in development mode.</p>
                  <form method="post" action="/authorize">
                %s    <p><label>Subject (<code>sub</code>) <input name="subject" value="dev|user" required></label></p>
                    <p><label><input type="checkbox" name="permission" value="%s"> %s (the admin message)</label></p>
                    <p><button type="submit">Sign in</button></p>
                  </form>
                </body>
                </html>
                """.formatted(html(audience), hidden, DevMode.ADMIN_PERMISSION, DevMode.ADMIN_PERMISSION);
        sendHtml(exchange, 200, page);
    }

    private void sendPage(HttpExchange exchange, int status, String title, String text) throws IOException {
        sendHtml(exchange, status, """
                <!DOCTYPE html>
                <html lang="en">
                <head><meta charset="utf-8"><title>%s</title></head>
                <body><h1>%s</h1><p>%s</p></body>
                </html>
                """.formatted(html(title), html(title), html(text)));
    }

    private void sendHtml(HttpExchange exchange, int status, String page) throws IOException {
        // No script, no style, nothing loaded; the form may post here and its answer lead back to Swagger UI only.
        exchange.getResponseHeaders().set("Content-Security-Policy",
                "default-src 'none'; form-action 'self' " + String.join(" ", docsOrigins.stream().sorted().toList())
                        + "; frame-ancestors 'none'; base-uri 'none'");
        exchange.getResponseHeaders().set("X-Frame-Options", "deny");
        exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        send(exchange, status, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8));
    }

    /** RFC 6749 4.1.2: back to the (checked) callback with the code or the error (name, value...), the state unchanged. */
    private static void redirect(HttpExchange exchange, String redirectUri, Optional<String> state,
                                 String... answer) throws IOException {
        List<String> query = new ArrayList<>(List.of(answer));
        state.ifPresent(s -> query.addAll(List.of("state", s)));
        StringBuilder location = new StringBuilder(redirectUri);
        for (int i = 0; i < query.size(); i += 2) {
            location.append(i == 0 ? '?' : '&').append(query.get(i)).append('=')
                    .append(URLEncoder.encode(query.get(i + 1), StandardCharsets.UTF_8));
        }
        exchange.getResponseHeaders().set("Location", location.toString());
        exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        send(exchange, 303, null, new byte[0]);
    }

    private static void sendError(HttpExchange exchange, int status, Refusal refusal) throws IOException {
        sendJson(exchange, status, Json.createObjectBuilder()
                .add("error", refusal.error)
                .add("error_description", refusal.getMessage())
                .build());
    }

    private static void sendJson(HttpExchange exchange, int status, JsonObject body) throws IOException {
        send(exchange, status, "application/json", body.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        if (type != null) {
            exchange.getResponseHeaders().set("Content-Type", type);
        }
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("Pragma", "no-cache");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static String html(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return base64Url(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return base64Url(bytes);
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
