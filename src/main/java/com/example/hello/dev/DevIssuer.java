package com.example.hello.dev;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import io.helidon.security.jwt.Jwt;
import io.helidon.security.jwt.SignedJwt;
import io.helidon.security.jwt.jwk.JwkRSA;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

/**
 * A local issuer for development without an Auth0 tenant: one RSA key, created once and kept outside the repository,
 * its JWKS published on 127.0.0.1, and Auth0-shaped access tokens signed with it. The API verifies these tokens
 * exactly as it verifies Auth0's (JWKS over HTTP, RS256, {@code iss}, {@code aud}, {@code exp}); only the
 * configuration differs.
 */
public final class DevIssuer {
    /** The {@code iss} of development tokens; {@code .localhost} names can only ever mean this machine. */
    public static final String ISSUER = "https://dev-issuer.localhost/";
    /** The audience of development tokens when {@code AUTH0_AUDIENCE} is not set. */
    public static final String DEFAULT_AUDIENCE = "https://hello-world.example.com";

    private final RSAPrivateCrtKey privateKey;
    private final RSAPublicKey publicKey;
    private final String keyId;

    private DevIssuer(RSAPrivateCrtKey privateKey) throws GeneralSecurityException {
        this.privateKey = privateKey;
        this.publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded());
        this.keyId = "dev-" + base64Url(Arrays.copyOf(digest, 12));
    }

    /** @return the default place of the development key: the user's home, never the repository */
    public static Path defaultKeyFile() {
        return Path.of(System.getProperty("user.home"), ".hello-world-api", "dev-signing-key.pk8");
    }

    /**
     * Loads the key from {@code keyFile}, creating it (readable by the owner only) on first use.
     *
     * @param keyFile where the PKCS#8 private key is kept
     * @return the issuer
     */
    public static DevIssuer loadOrCreate(Path keyFile) {
        try {
            if (!Files.exists(keyFile)) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                byte[] encoded = generator.generateKeyPair().getPrivate().getEncoded();
                Files.createDirectories(keyFile.getParent());
                Path temporary = Files.createTempFile(keyFile.getParent(), "key", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.write(temporary, encoded);
                Files.move(temporary, keyFile);
            }
            byte[] encoded = Files.readAllBytes(keyFile);
            return new DevIssuer((RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(encoded)));
        } catch (IOException | GeneralSecurityException | ClassCastException e) {
            throw new IllegalStateException("The development signing key at " + keyFile + " cannot be used", e);
        }
    }

    /** @return the id of the signing key, as in the JWKS and the tokens' {@code kid} */
    public String keyId() {
        return keyId;
    }

    /** @return the public key set, as Auth0 publishes it at {@code /.well-known/jwks.json} */
    public JsonObject jwks() {
        JsonArrayBuilder keys = Json.createArrayBuilder().add(Json.createObjectBuilder()
                .add("kty", "RSA")
                .add("use", "sig")
                .add("alg", "RS256")
                .add("kid", keyId)
                .add("n", base64Url(unsigned(publicKey.getModulus())))
                .add("e", base64Url(unsigned(publicKey.getPublicExponent()))));
        return Json.createObjectBuilder().add("keys", keys).build();
    }

    /**
     * Signs an access token shaped like Auth0's.
     *
     * @param subject     {@code sub}
     * @param audience    {@code aud}
     * @param permissions {@code permissions} (may be empty)
     * @param lifetime    time until {@code exp}
     * @return the compact JWS
     */
    public String mint(String subject, String audience, List<String> permissions, Duration lifetime) {
        return mint(subject, audience, permissions, lifetime, Optional.empty());
    }

    /**
     * Signs an access token shaped like Auth0's, with a {@code jti} when given (tokens minted in the same second
     * for the same subject differ only by it).
     *
     * @param subject     {@code sub}
     * @param audience    {@code aud}
     * @param permissions {@code permissions} (may be empty)
     * @param lifetime    time until {@code exp}
     * @param jwtId       {@code jti}, if any
     * @return the compact JWS
     */
    public String mint(String subject, String audience, List<String> permissions, Duration lifetime,
                       Optional<String> jwtId) {
        Instant now = Instant.now();
        var permissionsClaim = Json.createArrayBuilder();
        permissions.forEach(permissionsClaim::add);
        Jwt.Builder jwt = Jwt.builder()
                .algorithm("RS256")
                .keyId(keyId)
                .type("JWT")
                .issuer(ISSUER)
                .subject(subject)
                .addAudience(audience)
                .issueTime(now)
                .expirationTime(now.plus(lifetime))
                .addPayloadClaim("permissions", permissionsClaim.build());
        jwtId.ifPresent(jwt::jwtId);
        JwkRSA jwk = JwkRSA.builder().keyId(keyId).publicKey(publicKey).privateKey(privateKey).build();
        return SignedJwt.sign(jwt.build(), jwk).tokenContent();
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes.length > 1 && bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
