package com.example.hello.config;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.Config;

/**
 * How access tokens are verified, resolved once from MicroProfile Config.
 * <p>
 * Users set the Auth0 names ({@code AUTH0_DOMAIN}, {@code AUTH0_AUDIENCE}); issuer and JWKS URL derive from the
 * domain. The standard MicroProfile JWT keys ({@code mp.jwt.verify.issuer}, {@code mp.jwt.verify.publickey.location},
 * {@code mp.jwt.verify.audiences}) override them, for tests and for issuers other than Auth0.
 *
 * @param issuer       the exact {@code iss} accepted, e.g. {@code https://tenant.us.auth0.com/}
 * @param jwksUri      where the issuer publishes its signing keys
 * @param audiences    accepted {@code aud} values (a token needs one of them)
 * @param clockSkew    tolerance for {@code exp} and {@code nbf}
 * @param rbacEnabled  whether operations that name permissions check them (off: any valid token is enough)
 * @param jwksMinRefreshInterval the least time between two JWKS fetches (a flood of unknown kids costs one fetch)
 * @param jwksMaxAge   how long fetched keys are used before they are fetched again (removed keys stop working)
 */
public record Auth0Settings(String issuer, URI jwksUri, Set<String> audiences, Duration clockSkew, boolean rbacEnabled,
                            Duration jwksMinRefreshInterval, Duration jwksMaxAge) {

    static final String DOMAIN = "AUTH0_DOMAIN";
    static final String AUDIENCE = "AUTH0_AUDIENCE";
    static final String RBAC_ENABLED = "RBAC_ENABLED";
    static final String ISSUER = "mp.jwt.verify.issuer";
    static final String JWKS_LOCATION = "mp.jwt.verify.publickey.location";
    static final String AUDIENCES = "mp.jwt.verify.audiences";
    static final String CLOCK_SKEW_SECONDS = "mp.jwt.verify.clock.skew";
    static final String JWKS_MIN_REFRESH_INTERVAL = "jwks.min-refresh-interval";
    static final String JWKS_MAX_AGE = "jwks.max-age";
    /**
     * The least {@code jwks.min-refresh-interval}: the fetch rate limit can be set low (tests), never off. At this
     * floor a flood of made-up key ids costs the issuer ten fetches a second per instance.
     */
    public static final Duration MIN_JWKS_REFRESH_INTERVAL = Duration.ofMillis(100);

    /**
     * Resolves the settings.
     *
     * @param config MicroProfile Config
     * @return the settings
     * @throws MissingConfigurationException naming the variable to set when the domain or audience is missing
     */
    public static Auth0Settings from(Config config) {
        Optional<String> domain = text(config, DOMAIN).map(Auth0Settings::bareDomain);
        String issuer = text(config, ISSUER)
                .or(() -> domain.map(d -> "https://" + d + "/"))
                .orElseThrow(() -> new MissingConfigurationException(DOMAIN));
        URI jwks = text(config, JWKS_LOCATION)
                .or(() -> domain.map(d -> "https://" + d + "/.well-known/jwks.json"))
                .map(URI::create)
                .orElseThrow(() -> new MissingConfigurationException(DOMAIN));
        Set<String> audiences = text(config, AUDIENCES)
                .or(() -> text(config, AUDIENCE))
                .map(Auth0Settings::list)
                .filter(list -> !list.isEmpty())
                .orElseThrow(() -> new MissingConfigurationException(AUDIENCE));
        Duration skew = Duration.ofSeconds(config.getOptionalValue(CLOCK_SKEW_SECONDS, Integer.class).orElse(30));
        boolean rbac = rbacEnabled(config);
        Duration minRefresh = config.getOptionalValue(JWKS_MIN_REFRESH_INTERVAL, Duration.class)
                .orElse(Duration.ofSeconds(5));
        Duration maxAge = config.getOptionalValue(JWKS_MAX_AGE, Duration.class).orElse(Duration.ofMinutes(10));
        return new Auth0Settings(issuer, jwks, audiences, skew, rbac, minRefresh, maxAge);
    }

    /**
     * RBAC is a security switch: MicroProfile Config's Boolean converter reads any unknown word as false, which
     * would open the admin endpoint on a typo. Only true or false (any letter case) are accepted; absent means on.
     */
    private static boolean rbacEnabled(Config config) {
        Optional<String> value = text(config, RBAC_ENABLED);
        if (value.isEmpty()) {
            return true;
        }
        return Accepted.trueOrFalse(value.get()).orElseThrow(
                () -> new IllegalStateException(RBAC_ENABLED + " accepts true or false only"));
    }

    /**
     * Accepts {@code tenant.auth0.com}, {@code https://tenant.auth0.com} and {@code https://tenant.auth0.com/}, in any
     * letter case and with or without {@code :443}. The result is the spelling Auth0 writes into {@code iss}, which is
     * compared exactly: host names are case-insensitive, Auth0's are lower case, and 443 is https's default port.
     *
     * @param domain {@code AUTH0_DOMAIN} as the user wrote it
     * @return the bare host name, lower case, with a port only when it is not 443
     */
    public static String bareDomain(String domain) {
        String bare = domain.trim().replaceFirst("^(?i)https://", "");
        while (bare.endsWith("/")) {
            bare = bare.substring(0, bare.length() - 1);
        }
        if (bare.endsWith(":443")) {
            bare = bare.substring(0, bare.length() - ":443".length());
        }
        return bare.toLowerCase(Locale.ROOT);
    }

    private static Optional<String> text(Config config, String key) {
        return config.getOptionalValue(key, String.class).map(String::trim).filter(s -> !s.isEmpty());
    }

    private static Set<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
