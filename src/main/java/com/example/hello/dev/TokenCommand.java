package com.example.hello.dev;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;

import org.eclipse.microprofile.config.Config;

/**
 * {@code target/hello-world-api token [options]}: prints an access token from the development issuer,
 * for curl or Swagger UI's Authorize button.
 */
public final class TokenCommand {
    static final String USAGE = """
            Usage: hello-world-api token [options]
              --permissions LIST   comma-separated permissions, e.g. read:admin-messages (default: none)
              --audience AUD       the token's aud (default: AUTH0_AUDIENCE, else %s)
              --subject SUB        the token's sub (default: dev|user)
              --lifetime SECONDS   seconds until the token expires (default: 3600)
              --count N            print N distinct tokens, one per line, the i-th with sub SUB-i and its own
                                   jti (default: 1, one token with sub SUB); for load tests
              --help               this text
            Tokens are signed by the local development key and accepted only by a server started with --dev."""
            .formatted(DevIssuer.DEFAULT_AUDIENCE);

    private TokenCommand() {
    }

    /**
     * @param args the options after {@code token}
     * @return whether they ask for the usage ({@code --help} or {@code -h} as an option)
     */
    public static boolean wantsHelp(List<String> args) {
        for (int i = 0; i < args.size(); i += 2) {
            if (args.get(i).equals("--help") || args.get(i).equals("-h")) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param args   the options after {@code token}
     * @param config configuration (audience, key file)
     * @param out    where the token goes
     * @param err    where usage errors go
     * @return the exit status
     */
    public static int run(List<String> args, Config config, PrintStream out, PrintStream err) {
        if (wantsHelp(args)) {
            out.println(USAGE);
            return 0;
        }
        List<String> permissions = new ArrayList<>();
        String audience = DevMode.audience(config);
        String subject = "dev|user";
        long lifetime = 3600;
        int count = 1;
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
                    case "--count" -> count = Integer.parseInt(value);
                    default -> throw new IllegalArgumentException("unknown option " + option);
                }
            }
            if (lifetime <= 0) {
                throw new IllegalArgumentException("--lifetime must be positive");
            }
            if (count <= 0) {
                throw new IllegalArgumentException("--count must be positive");
            }
        } catch (IllegalArgumentException e) {
            err.println("token: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        DevIssuer issuer = DevIssuer.loadOrCreate(DevMode.keyFile(config));
        Duration validFor = Duration.ofSeconds(lifetime);
        if (count == 1) {
            out.println(issuer.mint(subject, audience, permissions, validFor));
            return 0;
        }
        // RSA signing dominates; spread it over the cores, keep the output in order.
        String subjectPrefix = subject + "-";
        String audienceOfAll = audience;
        IntStream.rangeClosed(1, count).parallel()
                .mapToObj(i -> issuer.mint(subjectPrefix + i, audienceOfAll, permissions, validFor,
                                           Optional.of(UUID.randomUUID().toString())))
                .forEachOrdered(out::println);
        return 0;
    }
}
