package com.example.hello.config;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.example.hello.connections.GuardedProtocols;

import org.eclipse.microprofile.config.Config;

/**
 * Checks every setting the service reads, once, before anything listens or fetches: all problems together, one line
 * each, naming the setting, the value's problem and what is accepted. A typo never falls back to a default: a
 * security switch that reads {@code ture} stops the start instead of switching itself off.
 * <p>
 * To check a new setting, add one line to {@link #SETTINGS}, e.g.
 * {@code Setting.required("LOG_FORMAT", Accepted.oneOf("text", "json"))} (a default in
 * {@code microprofile-config.properties}) or {@code Setting.optional("SWAGGER_UI_CLIENT_ID", Accepted.TEXT)}.
 */
public final class ConfigurationCheck {
    /** How the service starts: the checks differ only in what development mode sets by itself. */
    public enum Mode {
        /** Against an Auth0 tenant (no {@code --dev}). */
        PRODUCTION,
        /** {@code --dev}: the local issuer; {@code AUTH0_DOMAIN} is refused by development mode itself. */
        DEVELOPMENT
    }

    /** Every setting the service reads besides the Auth0 domain and audience, and what it accepts. */
    static final List<Setting> SETTINGS = List.of(
            Setting.required("PORT", Accepted.PORT),
            Setting.required("MANAGEMENT_PORT", Accepted.PORT),
            Setting.required("MANAGEMENT_HOST", Accepted.LISTEN_ADDRESS),
            Setting.required("CLIENT_ORIGIN_URL", Accepted.ORIGINS),
            Setting.required(Auth0Settings.RBAC_ENABLED, Accepted.TRUE_OR_FALSE),
            Setting.required(Auth0Settings.CLOCK_SKEW_SECONDS, Accepted.SECONDS),
            Setting.required(Auth0Settings.JWKS_MIN_REFRESH_INTERVAL,
                             Accepted.durationAtLeast(Auth0Settings.MIN_JWKS_REFRESH_INTERVAL)),
            Setting.required(Auth0Settings.JWKS_MAX_AGE, Accepted.DURATION),
            Setting.required("LOG_FORMAT", Accepted.oneOf("text", "json")),
            // What one client can make the server hold (connections/); the two limits default from the heap
            Setting.optional("connections.max", Accepted.wholeNumber(1, 1_000_000)),
            Setting.required("connections.request-head-timeout", Accepted.DEADLINE),
            Setting.required("connections.request-body-timeout", Accepted.DEADLINE),
            Setting.required("connections.write-timeout", Accepted.DEADLINE),
            Setting.required("connections.eviction-min-age", Accepted.DURATION_UP_TO_A_DAY),
            Setting.required("server.idle-connection-timeout", Accepted.DEADLINE),
            Setting.required("server.idle-connection-period", Accepted.DEADLINE),
            Setting.optional("server.max-tcp-connections", Accepted.wholeNumber(1, 1_000_000)),
            Setting.required("server.protocols.http_1_1.max-headers-size", Accepted.wholeNumber(16_384, 1_048_576)),
            Setting.optional(Auth0Settings.ISSUER, Accepted.HTTPS_URL).only(Mode.PRODUCTION),
            Setting.optional(Auth0Settings.JWKS_LOCATION, Accepted.HTTPS_URL).only(Mode.PRODUCTION),
            // Swagger UI's sign-in (docs/SwaggerUiSignIn); development mode sets these itself
            Setting.optional("AUTH0_SWAGGER_UI_CLIENT_ID", Accepted.CLIENT_ID),
            Setting.optional("swagger-ui.oauth.authorization-url", Accepted.HTTPS_URL).only(Mode.PRODUCTION),
            Setting.optional("swagger-ui.oauth.token-url", Accepted.HTTPS_URL).only(Mode.PRODUCTION),
            Setting.required("dev.key-file", Accepted.READABLE_OR_CREATABLE_FILE).only(Mode.DEVELOPMENT));

    private static final int SHOWN_VALUE_LENGTH = 80;

    private ConfigurationCheck() {
    }

    /**
     * @param config the configuration as the user gave it (environment, system properties, .env, defaults)
     * @param mode   how the service starts
     * @return one line per problem, empty when every setting is accepted
     */
    public static List<String> problems(Config config, Mode mode) {
        List<String> problems = new ArrayList<>();
        if (mode == Mode.PRODUCTION) {
            auth0Problems(config).ifPresent(problems::add);
            if (value(config, Auth0Settings.AUDIENCES).or(() -> value(config, Auth0Settings.AUDIENCE)).isEmpty()) {
                problems.add(missing(Auth0Settings.AUDIENCE));
            }
        }
        GuardedProtocols.problem().ifPresent(problems::add);
        boolean allAccepted = true;
        for (Setting setting : SETTINGS) {
            if (setting.modes().contains(mode)) {
                Optional<String> problem = setting.problem(value(config, setting.name()));
                problem.ifPresent(problems::add);
                allAccepted &= problem.isEmpty();
            }
        }
        if (allAccepted && mode == Mode.PRODUCTION) {
            problems.addAll(combinationProblems(config));
        }
        return problems;
    }

    /** Settings each accepted alone that do not work together (development mode sets these itself). */
    private static List<String> combinationProblems(Config config) {
        List<String> problems = new ArrayList<>();
        Optional<String> port = value(config, "PORT");
        Optional<String> managementPort = value(config, "MANAGEMENT_PORT");
        if (port.isPresent() && port.map(Integer::valueOf).equals(managementPort.map(Integer::valueOf))) {
            problems.add("Invalid MANAGEMENT_PORT \"" + managementPort.get() + "\": the same as PORT. Accepted: a port "
                                 + "other than PORT's, so /health and /metrics never share the API's port.");
        }
        boolean tenantToSignInWith = value(config, Auth0Settings.DOMAIN).isPresent()
                || value(config, "swagger-ui.oauth.authorization-url").isPresent()
                        && value(config, "swagger-ui.oauth.token-url").isPresent();
        if (value(config, "AUTH0_SWAGGER_UI_CLIENT_ID").isPresent() && !tenantToSignInWith) {
            problems.add("AUTH0_SWAGGER_UI_CLIENT_ID is set, but Swagger UI has no tenant to sign in with: set "
                                 + "AUTH0_DOMAIN, or both swagger-ui.oauth.authorization-url and "
                                 + "swagger-ui.oauth.token-url, or unset AUTH0_SWAGGER_UI_CLIENT_ID.");
        }
        return problems;
    }

    /** The domain is needed unless both the issuer and the JWKS location are given (tests, other issuers). */
    private static Optional<String> auth0Problems(Config config) {
        Optional<String> domain = value(config, Auth0Settings.DOMAIN);
        if (domain.isPresent()) {
            return Setting.required(Auth0Settings.DOMAIN, Accepted.AUTH0_DOMAIN).problem(domain);
        }
        boolean overridden = value(config, Auth0Settings.ISSUER).isPresent()
                && value(config, Auth0Settings.JWKS_LOCATION).isPresent();
        return overridden ? Optional.empty() : Optional.of(missing(Auth0Settings.DOMAIN));
    }

    private static Optional<String> value(Config config, String name) {
        return config.getOptionalValue(name, String.class).filter(s -> !s.isBlank());
    }

    private static String missing(String name) {
        return "Missing " + name + " environment variable.";
    }

    /**
     * One setting and what it accepts.
     *
     * @param name     its name in the configuration (as in README's table)
     * @param accepted what it accepts
     * @param required whether it must have a value (those with a default always have one unless emptied)
     * @param modes    the start modes that read it
     */
    record Setting(String name, Accepted accepted, boolean required, Set<Mode> modes) {
        static Setting required(String name, Accepted accepted) {
            return new Setting(name, accepted, true, EnumSet.allOf(Mode.class));
        }

        static Setting optional(String name, Accepted accepted) {
            return new Setting(name, accepted, false, EnumSet.allOf(Mode.class));
        }

        /** @return this setting, read only when the service starts in {@code mode} */
        Setting only(Mode mode) {
            return new Setting(name, accepted, required, EnumSet.of(mode));
        }

        Optional<String> problem(Optional<String> value) {
            if (value.isEmpty()) {
                return required ? Optional.of(missing(name)) : Optional.empty();
            }
            return accepted.problem().apply(value.get())
                    .map(problem -> "Invalid " + name + " " + shown(value.get()) + ": " + problem + ". Accepted: "
                            + accepted.description() + ".");
        }

        /** The value quoted, control characters escaped, cut short: a line stays one line. */
        private static String shown(String value) {
            StringBuilder shown = new StringBuilder("\"");
            value.codePoints().limit(SHOWN_VALUE_LENGTH).forEach(c -> {
                if (Character.isISOControl(c) || c == '"' || c == '\\') {
                    shown.append(String.format("\\u%04x", c));
                } else {
                    shown.appendCodePoint(c);
                }
            });
            return shown.append(value.codePointCount(0, value.length()) > SHOWN_VALUE_LENGTH ? "...\"" : "\"")
                    .toString();
        }
    }
}
