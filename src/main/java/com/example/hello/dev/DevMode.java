package com.example.hello.dev;

import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.example.hello.docs.SwaggerUiSignIn;

import org.eclipse.microprofile.config.Config;

/**
 * The explicit local development mode ({@code --dev}, which {@code ./mvnw -Pdev} passes): the API trusts the
 * {@link DevIssuer} instead of an Auth0 tenant, listens on 127.0.0.1 only, and prints ready-to-paste curl commands.
 * It is never implied: without the flag a missing {@code AUTH0_DOMAIN} stops start-up, and with {@code AUTH0_DOMAIN}
 * set the flag is refused, so a production configuration can never end up trusting a local key.
 */
public final class DevMode {
    /** Where the development key is kept (default: under the user's home). */
    public static final String KEY_FILE = "dev.key-file";
    /** The name of the management listener in microprofile-config.properties. */
    static final String MANAGEMENT_SOCKET = "management";
    private static final String MANAGEMENT_SOCKET_PORT = "server.sockets.0.port";
    private static final String OBSERVE_SOCKETS = "server.features.observe.sockets";
    static final String ADMIN_PERMISSION = "read:admin-messages";
    /** What configures a real issuer; development mode refuses to start over any of them. */
    private static final List<String> PRODUCTION_ISSUER_SETTINGS =
            List.of("AUTH0_DOMAIN", "mp.jwt.verify.issuer", "mp.jwt.verify.publickey.location");
    static final Duration PRINTED_TOKEN_LIFETIME = Duration.ofHours(1);
    private static final System.Logger LOGGER = System.getLogger(DevMode.class.getName());

    private final DevIssuer issuer;
    private final String audience;
    private final DevAuthorizationServer authorizationServer;

    private DevMode(DevIssuer issuer, String audience, DevAuthorizationServer authorizationServer) {
        this.issuer = issuer;
        this.audience = audience;
        this.authorizationServer = authorizationServer;
    }

    /**
     * Prepares development mode before the server starts: loads or creates the key, publishes the JWKS and the
     * sign-in for Swagger UI ({@link DevAuthorizationServer}), and points token verification and Swagger UI at them
     * through system properties (the highest-priority configuration source).
     *
     * @param config the configuration as the user gave it
     * @return the prepared mode
     * @throws RefusedException when a real issuer is configured (see {@link #refusal})
     */
    public static DevMode prepare(Config config) throws RefusedException {
        return prepare(config, keyFile(config));
    }

    /**
     * As {@link #prepare(Config)}, with the key kept in {@code keyFile}.
     *
     * @param config  the configuration as the user gave it
     * @param keyFile where the development key is loaded from, or created
     * @return the prepared mode
     * @throws RefusedException when a real issuer is configured (see {@link #refusal})
     */
    static DevMode prepare(Config config, Path keyFile) throws RefusedException {
        Optional<String> refusal = refusal(config);
        if (refusal.isPresent()) {
            throw new RefusedException(refusal.get());
        }
        DevIssuer issuer = DevIssuer.loadOrCreate(keyFile);
        String audience = audience(config);
        DevAuthorizationServer authorizationServer = DevAuthorizationServer.start(issuer, audience, Clock.systemUTC());
        URI jwks = authorizationServer.jwksUrl();
        System.setProperty("mp.jwt.verify.issuer", DevIssuer.ISSUER);
        System.setProperty("mp.jwt.verify.publickey.location", jwks.toString());
        System.setProperty("AUTH0_AUDIENCE", audience);
        System.setProperty(SwaggerUiSignIn.CLIENT_ID, DevAuthorizationServer.CLIENT_ID);
        System.setProperty(SwaggerUiSignIn.AUTHORIZATION_URL, authorizationServer.authorizationUrl().toString());
        System.setProperty(SwaggerUiSignIn.TOKEN_URL, authorizationServer.tokenUrl().toString());
        System.setProperty("server.host", "127.0.0.1");
        // One port for a newcomer: /health and /metrics also on the API port; the management listener, which
        // Helidon cannot leave out once configured, on a free loopback port, so it never collides with anything.
        System.setProperty("MANAGEMENT_HOST", "127.0.0.1");
        System.setProperty(MANAGEMENT_SOCKET_PORT, "0");
        System.setProperty(OBSERVE_SOCKETS, "@default," + MANAGEMENT_SOCKET);
        LOGGER.log(Level.WARNING, "DEVELOPMENT MODE: access tokens are verified against a local development key "
                + "(JWKS " + jwks + ", issuer " + DevIssuer.ISSUER + "). Never run this way in production.");
        return new DevMode(issuer, audience, authorizationServer);
    }

    /**
     * @param config the configuration as the user gave it
     * @return why development mode refuses this configuration, if it does: a tenant or another issuer is configured
     *         (AUTH0_DOMAIN, or the issuer and JWKS overrides), which the local key must never replace
     */
    public static Optional<String> refusal(Config config) {
        for (String production : PRODUCTION_ISSUER_SETTINGS) {
            if (config.getOptionalValue(production, String.class).filter(s -> !s.isBlank()).isPresent()) {
                return Optional.of("Development mode (--dev) refuses to start while " + production + " is set: "
                                           + "unset " + production + " to use the local development issuer, "
                                           + "or start without --dev to use " + (production.equals("AUTH0_DOMAIN")
                                           ? "your Auth0 tenant." : "that issuer."));
            }
        }
        return Optional.empty();
    }

    /**
     * Registers the running server's Swagger UI with the development sign-in, and prints how to call the server:
     * Swagger UI's address, and curl commands with a user token and an admin token valid for an hour.
     *
     * @param out  where to print
     * @param port the port the server listens on
     */
    public void printWelcome(PrintStream out, int port) {
        authorizationServer.acceptDocsAt(port);
        String base = "http://127.0.0.1:" + port;
        String user = mint("dev|user", List.of());
        String admin = mint("dev|admin", List.of(ADMIN_PERMISSION));
        out.println();
        out.println("=== Hello World API: DEVELOPMENT MODE (local issuer, not Auth0) ===");
        out.println("Swagger UI: " + base + "/docs/ (Authorize, then sign in on the development page: choose the");
        out.println("subject and whether the token holds " + ADMIN_PERMISSION + "; or paste a token below)");
        out.println();
        out.println("Tokens below are valid for one hour. Try:");
        out.println();
        out.println("curl --request GET --url " + base + "/api/messages/public");
        out.println();
        out.println("curl --request GET --url " + base + "/api/messages/protected --header 'authorization: Bearer "
                            + user + "'");
        out.println();
        out.println("curl --request GET --url " + base + "/api/messages/admin --header 'authorization: Bearer "
                            + admin + "'");
        out.println();
        out.println("More tokens: target/hello-world-api token --permissions " + ADMIN_PERMISSION
                            + " (the usage: target/hello-world-api token --help)");
        out.println("Health and metrics: " + base + "/health, " + base + "/metrics (in production only on "
                            + "MANAGEMENT_PORT, never on the API port)");
        out.println("=====================================================================");
        out.flush();
    }

    /** @return a token of the development issuer for this API's audience, valid for an hour */
    String mint(String subject, List<String> permissions) {
        return issuer.mint(subject, audience, permissions, PRINTED_TOKEN_LIFETIME);
    }

    static Path keyFile(Config config) {
        return config.getOptionalValue(KEY_FILE, String.class).map(Path::of).orElseGet(DevIssuer::defaultKeyFile);
    }

    static String audience(Config config) {
        return config.getOptionalValue("AUTH0_AUDIENCE", String.class)
                .filter(s -> !s.isBlank())
                .orElse(DevIssuer.DEFAULT_AUDIENCE);
    }

    /** Development mode cannot start with this configuration; the message says why. */
    public static final class RefusedException extends Exception {
        private static final long serialVersionUID = 1L;

        RefusedException(String message) {
            super(message);
        }
    }
}
