package com.example.hello.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.spec.GCMParameterSpec;

import com.sun.net.httpserver.HttpServer;

import io.helidon.config.mp.MpConfigSources;
import io.helidon.security.jwt.jwk.JwkRSA;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * An Auth0-like issuer for tests: RSA signing keys it generates, its JWKS served on 127.0.0.1, and tokens shaped
 * like Auth0 access tokens. Nothing here is a mock of the service's validator: tokens are really signed.
 */
public final class TestIssuer implements AutoCloseable {
    /** The audience every test server is configured with. */
    public static final String AUDIENCE = "https://hello-world.example.com";

    /**
     * The ordinal of the in-JVM tests' configuration: above the environment (300) and system properties (400), so a
     * setting exported in the developer's shell (RBAC_ENABLED, JWKS_MAX_AGE, ...) never changes what a test runs.
     */
    private static final String ABOVE_THE_ENVIRONMENT = "1000";
    /** The shipped defaults, which the test's configuration repeats above the environment. */
    private static final Map<String, String> SHIPPED = shippedDefaults();

    private static TestIssuer shared;

    private final HttpServer server;
    private final List<SigningKey> published = new CopyOnWriteArrayList<>();
    private final AtomicInteger jwksFetches = new AtomicInteger();
    private volatile SigningKey current;
    private volatile boolean available = true;
    private volatile boolean hanging;
    private volatile boolean stallingBody;
    private volatile Duration delay = Duration.ZERO;
    private volatile String body;

    /** An RSA key pair with its key id. */
    public record SigningKey(String kid, KeyPair pair) {
        /** @return the key as Helidon's JWK, private part included, for signing */
        public JwkRSA jwk() {
            return JwkRSA.builder()
                    .keyId(kid)
                    .publicKey((RSAPublicKey) pair.getPublic())
                    .privateKey((RSAPrivateKey) pair.getPrivate())
                    .build();
        }
    }

    private TestIssuer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // A thread per request, as a real issuer has: one stalled answer does not hold up the next request.
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/.well-known/jwks.json", exchange -> {
            jwksFetches.incrementAndGet();
            long hangUntil = System.nanoTime() + 60_000_000_000L;
            while (hanging && System.nanoTime() < hangUntil) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            sleep(delay);
            if (!available) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            String answer = this.body;
            byte[] body = (answer != null ? answer : jwksJson()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            if (stallingBody) {
                // The headers and the body's first bytes, then nothing; the connection is dropped afterwards, so the
                // body never completes, even once the issuer has recovered.
                exchange.getResponseBody().write(body, 0, 9);
                exchange.getResponseBody().flush();
                while (stallingBody && System.nanoTime() < hangUntil) {
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
                exchange.close();
                return;
            }
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        current = newKey("key-1");
        published.add(current);
    }

    /** @return a new issuer on a free port of 127.0.0.1 */
    public static TestIssuer start() {
        try {
            return new TestIssuer();
        } catch (IOException e) {
            throw new IllegalStateException("Test issuer could not start", e);
        }
    }

    /** @return the issuer shared by the test classes that do not change its keys */
    public static synchronized TestIssuer shared() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    /** @return a new 2048-bit RSA signing key, not yet published */
    public static SigningKey newKey(String kid) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return new SigningKey(kid, generator.generateKeyPair());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the issuer URL, as Auth0 writes it into {@code iss} (with the trailing slash) */
    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    /** @return the JWKS URL */
    public String jwksUrl() {
        return issuer() + ".well-known/jwks.json";
    }

    /** @return how many times the JWKS was fetched */
    public int jwksFetches() {
        return jwksFetches.get();
    }

    /**
     * Starts signing with a new key, published beside the old ones (what Auth0 does when a key is rotated).
     *
     * @param kid the new key's id
     * @return the new key
     */
    public SigningKey rotate(String kid) {
        return rotate(newKey(kid));
    }

    /**
     * Starts signing with {@code key}, published beside the old ones.
     *
     * @param key a key made with {@link #newKey(String)}
     * @return the key
     */
    public SigningKey rotate(SigningKey key) {
        published.add(key);
        current = key;
        return key;
    }

    /** Stops publishing a key: tokens it signed must stop working once the service refreshes its keys. */
    public void retire(SigningKey key) {
        published.remove(key);
    }

    /** While unavailable, the JWKS endpoint answers 503, as an issuer in trouble does. */
    public void available(boolean available) {
        this.available = available;
    }

    /**
     * While hanging, the JWKS endpoint accepts connections and never answers (up to a minute), as an issuer behind a
     * firewall that drops packets, or an overloaded one, does.
     */
    public void hanging(boolean hanging) {
        this.hanging = hanging;
    }

    /**
     * While stalling, the JWKS endpoint answers {@code 200} with the headers and the first bytes of the body, and then
     * sends nothing more (up to a minute), as an overloaded issuer, CDN or proxy can.
     */
    public void stallingBody(boolean stalling) {
        this.stallingBody = stalling;
    }

    /** Each answer of the JWKS endpoint is sent this long after the request came, as an overloaded issuer does. */
    public void slow(Duration delay) {
        this.delay = delay;
    }

    /**
     * While set, the JWKS endpoint answers {@code 200} with this body instead of the keys, as an issuer, proxy or
     * captive portal gone wrong can.
     *
     * @param body what is sent; null: the keys again
     */
    public void answering(String body) {
        this.body = body;
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return the key that signs new tokens */
    public SigningKey currentKey() {
        return current;
    }

    /**
     * Configuration that points the service at this issuer, plus test-specific settings, over the shipped defaults
     * and above the environment (see {@link #aboveTheEnvironment}).
     *
     * @param extra further keys, e.g. {@code RBAC_ENABLED=false}
     * @return a config source for {@code @AddConfigSource}
     */
    public ConfigSource config(Map<String, String> extra) {
        Map<String, String> values = new HashMap<>();
        values.put("mp.jwt.verify.issuer", issuer());
        values.put("mp.jwt.verify.publickey.location", jwksUrl());
        values.put("AUTH0_AUDIENCE", AUDIENCE);
        values.put("server.port", "0");
        values.put("server.host", "127.0.0.1");
        values.put("server.sockets.0.port", "0"); // the management listener (/health, /metrics), see Management
        values.put("MANAGEMENT_HOST", "127.0.0.1");
        values.putAll(extra);
        return aboveTheEnvironment("test-issuer", values);
    }

    /** @return a builder of a valid access token from this issuer, signed with the current key */
    public TokenBuilder token() {
        return new TokenBuilder(current)
                .claim("iss", issuer())
                .claim("aud", AUDIENCE)
                .claim("sub", "auth0|test-user")
                .issuedSecondsAgo(0)
                .expiresInSeconds(3600);
    }

    /** @return an access token that also holds {@code read:admin-messages} */
    public String adminToken() {
        return token().permissions("read:admin-messages").sign();
    }

    /**
     * The access token Auth0 issues when the client asks for one without {@code audience}: an opaque token, in fact a
     * compact JWE (RFC 7516) encrypted with a key only the issuer holds, {@code "alg":"dir"} (so the encrypted-key
     * segment is empty) and {@code "enc":"A256GCM"}: five base64url segments, really encrypted here.
     *
     * @return the token
     */
    public String opaqueToken() {
        try {
            String header = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    Json.createObjectBuilder().add("alg", "dir").add("enc", "A256GCM").add("iss", issuer()).build()
                            .toString().getBytes(StandardCharsets.UTF_8));
            KeyGenerator keys = KeyGenerator.getInstance("AES");
            keys.init(256);
            byte[] iv = new byte[12];
            new SecureRandom().nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.generateKey(), new GCMParameterSpec(128, iv));
            cipher.updateAAD(header.getBytes(StandardCharsets.US_ASCII)); // RFC 7516 §5.1: the header is the AAD
            byte[] sealed = cipher.doFinal(token().sign().getBytes(StandardCharsets.UTF_8));
            byte[] ciphertext = Arrays.copyOf(sealed, sealed.length - 16);
            byte[] tag = Arrays.copyOfRange(sealed, sealed.length - 16, sealed.length);
            Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();
            return header + ".." + base64url.encodeToString(iv) + "." + base64url.encodeToString(ciphertext) + "."
                   + base64url.encodeToString(tag);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param name   the source's name
     * @param values a test's settings
     * @return a configuration source of the shipped defaults and these settings, above the environment
     */
    public static ConfigSource aboveTheEnvironment(String name, Map<String, String> values) {
        Map<String, String> all = new HashMap<>(SHIPPED);
        all.putAll(values);
        all.put("config_ordinal", ABOVE_THE_ENVIRONMENT);
        return MpConfigSources.create(name, all);
    }

    private static Map<String, String> shippedDefaults() {
        Properties file = new Properties();
        try (var in = TestIssuer.class.getResourceAsStream("/META-INF/microprofile-config.properties")) {
            file.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> values = new HashMap<>();
        file.stringPropertyNames().forEach(name -> values.put(name, file.getProperty(name)));
        return values;
    }

    private String jwksJson() {
        JsonArrayBuilder keys = Json.createArrayBuilder();
        for (SigningKey key : published) {
            RSAPublicKey publicKey = (RSAPublicKey) key.pair().getPublic();
            keys.add(Json.createObjectBuilder()
                             .add("kty", "RSA")
                             .add("use", "sig")
                             .add("alg", "RS256")
                             .add("kid", key.kid())
                             .add("n", unsigned(publicKey.getModulus()))
                             .add("e", unsigned(publicKey.getPublicExponent())));
        }
        return Json.createObjectBuilder().add("keys", keys).build().toString();
    }

    private static String unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
