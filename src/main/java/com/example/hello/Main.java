package com.example.hello;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Logger;

import com.example.hello.config.Auth0Settings;
import com.example.hello.config.ConfigurationCheck;
import com.example.hello.config.ConfigurationCheck.Mode;
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
 * Starts the API.
 * <ul>
 *     <li>no arguments: production, configured by {@code AUTH0_DOMAIN} and {@code AUTH0_AUDIENCE};</li>
 *     <li>{@code --dev}: the local development issuer instead of Auth0 (see {@link DevMode});</li>
 *     <li>{@code token [options]}: print a development access token and exit;</li>
 *     <li>{@code train}: the training run of the JDK's AOT cache, which the Dockerfile runs (see {@link TrainingRun}).</li>
 * </ul>
 * Configuration is checked before Helidon starts ({@link ConfigurationCheck}): every mistake is one clear line, never
 * a stack trace or a half-started server.
 */
public final class Main {
    private static final int CONFIGURATION_ERROR = 2;

    private Main() {
    }

    /**
     * @param args see the class description
     */
    public static void main(String[] args) {
        LogConfig.configureRuntime(); // logging.properties before the first line (development mode logs one early)
        LoggingExtension.applyFormat(userConfig());
        List<String> arguments = Arrays.asList(args);
        if (!arguments.isEmpty() && arguments.getFirst().equals("token")) {
            System.exit(TokenCommand.run(arguments.subList(1, arguments.size()), userConfig(), System.out, System.err));
        }
        if (arguments.equals(List.of("train"))) {
            try {
                System.exit(TrainingRun.run(userConfig(), System.out));
            } catch (DevMode.RefusedException e) {
                System.err.println(e.getMessage());
                System.exit(CONFIGURATION_ERROR);
            }
        }
        boolean development = arguments.contains("--dev");
        List<String> problems = configurationProblems(userConfig(), development);
        if (!problems.isEmpty()) {
            problems.forEach(System.err::println);
            System.exit(CONFIGURATION_ERROR);
        }
        DevMode devMode = null;
        try {
            if (development) {
                devMode = DevMode.prepare(userConfig());
            }
            Auth0Settings.from(userConfig());
        } catch (MissingConfigurationException | DevMode.RefusedException e) {
            System.err.println(e.getMessage());
            System.exit(CONFIGURATION_ERROR);
        }
        io.helidon.microprofile.cdi.Main.main(new String[0]);
        io.helidon.Main.addShutdownHandler(new ExitSuccessfully());
        if (devMode != null) {
            devMode.printWelcome(System.out, CDI.current().getBeanManager().getExtension(ServerCdiExtension.class).port());
        }
    }

    /**
     * SIGTERM is how an orchestrator stops an instance. Helidon's shutdown hook calls this: the server stops
     * accepting connections and lets in-flight requests finish ({@code server.shutdown-grace-period}), then the
     * process reports success, where the JVM would otherwise exit with 143.
     */
    private static final class ExitSuccessfully implements HelidonShutdownHandler {
        @Override
        public void shutdown() {
            io.helidon.microprofile.cdi.Main.shutdown(); // returns once the server has stopped
            for (Handler handler : Logger.getLogger("").getHandlers()) {
                handler.flush();
            }
            System.out.flush();
            Runtime.getRuntime().halt(0);
        }
    }

    /** Every problem of the configuration, one line each, before anything listens or fetches. */
    private static List<String> configurationProblems(Config config, boolean development) {
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
