package com.example.hello.dev;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.eclipse.microprofile.config.Config;

/**
 * {@code java -jar target/hello-world-api.jar token [options]}: prints an access token from the development issuer,
 * for curl or Swagger UI's Authorize button.
 */
public final class TokenCommand {
    static final String USAGE = """
            Usage: java -jar target/hello-world-api.jar token [options]
              --permissions LIST   comma-separated permissions, e.g. read:admin-messages (default: none)
              --audience AUD       the token's aud (default: AUTH0_AUDIENCE, else %s)
              --subject SUB        the token's sub (default: dev|user)
              --lifetime SECONDS   seconds until the token expires (default: 3600)
            Tokens are signed by the local development key and accepted only by a server started with --dev."""
            .formatted(DevIssuer.DEFAULT_AUDIENCE);

    private TokenCommand() {
    }

    /**
     * @param args   the options after {@code token}
     * @param config configuration (audience, key file)
     * @param out    where the token goes
     * @param err    where usage errors go
     * @return the exit status
     */
    public static int run(List<String> args, Config config, PrintStream out, PrintStream err) {
        List<String> permissions = new ArrayList<>();
        String audience = DevMode.audience(config);
        String subject = "dev|user";
        long lifetime = 3600;
        try {
            for (int i = 0; i < args.size(); i += 2) {
                String option = args.get(i);
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(option + " needs a value");
                }
                String value = args.get(i + 1);
                switch (option) {
                    case "--permissions" -> Arrays.stream(value.split(","))
                            .map(String::trim).filter(s -> !s.isEmpty()).forEach(permissions::add);
                    case "--audience" -> audience = value;
                    case "--subject" -> subject = value;
                    case "--lifetime" -> lifetime = Long.parseLong(value);
                    default -> throw new IllegalArgumentException("unknown option " + option);
                }
            }
            if (lifetime <= 0) {
                throw new IllegalArgumentException("--lifetime must be positive");
            }
        } catch (IllegalArgumentException e) {
            err.println("token: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        DevIssuer issuer = DevIssuer.loadOrCreate(DevMode.keyFile(config));
        out.println(issuer.mint(subject, audience, permissions, Duration.ofSeconds(lifetime)));
        return 0;
    }
}
