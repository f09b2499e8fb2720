package com.example.hello.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.example.hello.config.ConfigurationCheck.Mode;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/**
 * Settings each accepted alone that do not work together, checked in production once every setting is accepted:
 * the API and management ports must differ, and a Swagger UI client needs a tenant to sign in with.
 */
class SettingsThatGoTogetherTest {
    private static final String SAME_PORT = "Invalid MANAGEMENT_PORT \"7000\": the same as PORT. Accepted: a port "
            + "other than PORT's, so /health and /metrics never share the API's port.";
    private static final String NO_TENANT = "AUTH0_SWAGGER_UI_CLIENT_ID is set, but Swagger UI has no tenant to sign "
            + "in with: set AUTH0_DOMAIN, or both swagger-ui.oauth.authorization-url and swagger-ui.oauth.token-url, "
            + "or unset AUTH0_SWAGGER_UI_CLIENT_ID.";

    @Test
    void theManagementPortMustDifferFromTheApis() {
        assertThat(problems(Mode.PRODUCTION, "PORT", "7000", "MANAGEMENT_PORT", "7000"), is(List.of(SAME_PORT)));
        assertThat(problems(Mode.PRODUCTION, "PORT", "7000", "MANAGEMENT_PORT", "7001"), is(List.of()));
    }

    @Test
    void combinationsAreNotCheckedWhileASettingIsRefused() {
        assertThat(problems(Mode.PRODUCTION, "PORT", "7000", "MANAGEMENT_PORT", "7000", "LOG_FORMAT", "xml").size(),
                   is(1));
    }

    @Test
    void developmentModeSetsTheseItself() {
        assertThat(problems(Mode.DEVELOPMENT, "PORT", "7000", "MANAGEMENT_PORT", "7000"), is(List.of()));
    }

    @Test
    void aSwaggerUiClientNeedsATenantToSignInWith() {
        Map<String, String> otherIssuer = Map.of("AUTH0_AUDIENCE", "https://api",
                                                 "mp.jwt.verify.issuer", "https://issuer.example.com/",
                                                 "mp.jwt.verify.publickey.location", "https://issuer.example.com/keys",
                                                 "AUTH0_SWAGGER_UI_CLIENT_ID", "swagger");
        assertThat(ConfigurationCheck.problems(ConfigurationCheckTest.config(otherIssuer), Mode.PRODUCTION),
                   is(List.of(NO_TENANT)));
        assertThat(ConfigurationCheck.problems(ConfigurationCheckTest.config(with(
                otherIssuer, "swagger-ui.oauth.authorization-url", "https://issuer.example.com/authorize")),
                                               Mode.PRODUCTION), is(List.of(NO_TENANT)));
        assertThat(ConfigurationCheck.problems(ConfigurationCheckTest.config(with(
                otherIssuer, "swagger-ui.oauth.token-url", "https://issuer.example.com/token")),
                                               Mode.PRODUCTION), is(List.of(NO_TENANT)));
        assertThat(ConfigurationCheck.problems(ConfigurationCheckTest.config(with(with(
                otherIssuer, "swagger-ui.oauth.authorization-url", "https://issuer.example.com/authorize"),
                "swagger-ui.oauth.token-url", "https://issuer.example.com/token")), Mode.PRODUCTION), is(List.of()));
        assertThat("the tenant's", problems(Mode.PRODUCTION, "AUTH0_SWAGGER_UI_CLIENT_ID", "swagger"), is(List.of()));
    }

    @Test
    void aDomainThatIsNotOneIsRefused() {
        List<String> problems = problems(Mode.PRODUCTION, "AUTH0_DOMAIN", "tenant.auth0.com/path");
        assertThat(problems.size(), is(1));
        assertThat(problems.getFirst(), startsWith("Invalid AUTH0_DOMAIN \"tenant.auth0.com/path\""));
    }

    /** The problems of the tenant's settings with {@code keysAndValues} added. */
    private static List<String> problems(Mode mode, String... keysAndValues) {
        Map<String, String> values = new HashMap<>(Map.of("AUTH0_DOMAIN", "tenant.auth0.com",
                                                          "AUTH0_AUDIENCE", "https://api"));
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return ConfigurationCheck.problems(ConfigurationCheckTest.config(values), mode);
    }

    private static Map<String, String> with(Map<String, String> values, String key, String value) {
        Map<String, String> more = new HashMap<>(values);
        more.put(key, value);
        return more;
    }
}
