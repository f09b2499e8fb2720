package com.example.hello;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Logger;

import com.example.hello.config.Auth0Settings;
import com.example.hello.config.ConfigurationCheck;
import com.example.hello.config.ConfigurationCheck.Mode;
import com.example.hello.config.Listeners;
import com.example.hello.config.MissingConfigurationException;
import com.example.hello.dev.DevMode;
import com.example.hello.dev.TokenCommand;
import com.example.hello.dev.TrainingRun;
import com.example.hello.logging.LoggingExtension;

import io.helidon.logging.common.LogConfig;
import io.helidon.microprofile.server.ServerCdiExtension;
import io.helidon.spi.HelidonShutdownHandler;

import jakarta.enterprise.inject.spi.CDI;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;

/**
 * Starts the API; {@link #USAGE} lists the commands. Configuration is checked before Helidon starts
 * ({@link ConfigurationCheck}), and so is every port the server will listen on ({@link Listeners}): each mistake is
 * one clear line and exit status 2, never a stack trace or a half-started server.
 */
public final class Main {
    /** Exit status of a start refused for its configuration, or for a port it cannot listen on. */
    static final int REFUSED = 2;
    static final String USAGE = """
            Usage: hello-world-api [--dev | token [options] | train | --help]
              (nothing)   serve the API, trusting your Auth0 tenant: set AUTH0_DOMAIN and AUTH0_AUDIENCE
              --dev       serve the API on 127.0.0.1 with a local development issuer instead of Auth0
              token       print an access token of the development issuer ("token --help" lists its options)
              train       the training run of the JDK's ahead-of-time cache (the Dockerfile runs it)
              --help      this text
            (hello-world-api is target/hello-world-api after ./mvnw package, or java -jar hello-world-api.jar.)
            Settings come from the environment, -DNAME=value, or a .env file in the working directory:
              AUTH0_DOMAIN      your tenant's domain, e.g. your-tenant.us.auth0.com
              AUTH0_AUDIENCE    your API's identifier in Auth0
              PORT              the API's port (6060); MANAGEMENT_PORT: /health and /metrics (9090)
              CLIENT_ORIGIN_URL the browser origin allowed by CORS (http://localhost:4040)
              RBAC_ENABLED      false: /api/messages/admin takes any valid token (true)
            Every setting: docs/configuration.md.""";

    private Main() {
    }

    /**
     * @param args see {@link #USAGE}
     */
    public static void main(String[] args) {
        LogConfig.configureRuntime(); // logging.properties before the first line (development mode logs one early)
        // Weld builds an XML schema validator for beans.xml files whatever they hold: ~300 classes and ~0.4 s of CPU at
        // every start (bench/startup) to check files that ship inside jars.
        System.setProperty("org.jboss.weld.xml.disableValidating", "true");
        List<String> arguments = Arrays.asList(args);
        String command = arguments.isEmpty() ? "" : arguments.getFirst();
        switch (command) {
            case "--help", "-h", "help" -> {
                System.out.println(USAGE);
                System.exit(0);
            }
            case "token" -> System.exit(token(arguments.subList(1, arguments.size())));
            case "train" -> System.exit(train(arguments.subList(1, arguments.size())));
            case "", "--dev" -> {
                if (arguments.size() > 1) {
                    System.exit(unknown(arguments.get(1)));
                }
                serve(command.equals("--dev"));
            }
            default -> System.exit(unknown(command));
        }
    }

    private static int unknown(String argument) {
        System.err.println("Unknown argument \"" + argument + "\".");
        System.err.println(USAGE);
        return REFUSED;
    }

    private static int token(List<String> options) {
        if (TokenCommand.wantsHelp(options)) {
            return TokenCommand.run(options, userConfig(), System.out, System.err);
        }
        Config config = userConfig();
        // The settings the token reads (audience, key file) are checked like a development start's.
        if (refused(ConfigurationCheck.problems(config, Mode.DEVELOPMENT))) {
            return REFUSED;
        }
        LoggingExtension.applyFormat(config);
        return TokenCommand.run(options, config, System.out, System.err);
    }

    private static int train(List<String> options) {
        if (!options.isEmpty()) {
            return unknown(options.getFirst());
        }
        Config config = userConfig();
        if (refused(problems(config, true))) {
            return REFUSED;
        }
        LoggingExtension.applyFormat(config);
        try {
            return TrainingRun.run(config, System.out);
        } catch (DevMode.RefusedException e) {
            System.err.println(e.getMessage());
            return REFUSED;
        }
    }

    private static void serve(boolean development) {
        Config config = userConfig();
        if (refused(problems(config, development)) || refused(Listeners.unavailable(config, development))) {
            System.exit(REFUSED);
        }
        LoggingExtension.applyFormat(config);
        DevMode devMode = null;
        try {
            if (development) {
                devMode = DevMode.prepare(config);
                config = userConfig(); // read again: with the local issuer development mode has just set
            }
            Auth0Settings.from(config);
        } catch (MissingConfigurationException | DevMode.RefusedException e) {
            System.err.println(e.getMessage());
            System.exit(REFUSED);
        }
        // Helidon starts on the configuration just checked, rather than reading every source once more.
        ConfigProviderResolver.instance().registerConfig(config, Thread.currentThread().getContextClassLoader());
        // Before the server starts: a SIGTERM the moment it listens must still stop it gracefully, with status 0.
        io.helidon.Main.addShutdownHandler(new StopGracefully(ExitStatus.watch()));
        io.helidon.microprofile.cdi.Main.main(new String[0]);
        ServerCdiExtension server = CDI.current().getBeanManager().getExtension(ServerCdiExtension.class);
        // Helidon logs a listener that failed to bind and carries on; a port taken since the check above ends here.
        Optional<String> unbound = Listeners.unbound(config, development, server::port);
        if (unbound.isPresent()) {
            System.err.println(unbound.get());
            System.exit(REFUSED);
        }
        if (devMode != null) {
            devMode.printWelcome(System.out, server.port());
        }
    }

    private static boolean refused(List<String> problems) {
        problems.forEach(System.err::println);
        return !problems.isEmpty();
    }

    /**
     * SIGTERM is how an orchestrator stops an instance, Ctrl-C how a person does. Helidon's shutdown hook calls this:
     * the server stops accepting connections and lets in-flight requests finish ({@code server.shutdown-grace-period}).
     * Then a stop asked for by a signal reports success, where the JVM would exit with 143 (130 for Ctrl-C); any
     * other exit keeps its status, so a failure is never reported as success.
     */
    private static final class StopGracefully implements HelidonShutdownHandler {
        private final ExitStatus exitStatus;

        StopGracefully(ExitStatus exitStatus) {
            this.exitStatus = exitStatus;
        }

        @Override
        public void shutdown() {
            try {
                io.helidon.microprofile.cdi.Main.shutdown(); // returns once the server has stopped
            } catch (IllegalStateException notStartedYet) {
                // stopped while starting: nothing to wait for
            }
            for (Handler handler : Logger.getLogger("").getHandlers()) {
                handler.flush();
            }
            System.out.flush();
            if (exitStatus.stoppedBySignal()) {
                Runtime.getRuntime().halt(0);
            }
        }
    }

    /** Every problem of the configuration, one line each, before anything listens or fetches. */
    private static List<String> problems(Config config, boolean development) {
        List<String> problems = new ArrayList<>();
        if (development) {
            DevMode.refusal(config).ifPresent(problems::add);
        }
        problems.addAll(ConfigurationCheck.problems(config, development ? Mode.DEVELOPMENT : Mode.PRODUCTION));
        return problems;
    }

    /** The configuration as it stands now (environment, system properties, .env, defaults), built afresh. */
    private static Config userConfig() {
        return ConfigProviderResolver.instance().getBuilder()
                .addDefaultSources()
                .addDiscoveredSources()
                .addDiscoveredConverters()
                .build();
    }
}
