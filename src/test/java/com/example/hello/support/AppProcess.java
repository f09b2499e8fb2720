package com.example.hello.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.example.hello.Main;

/**
 * The application's {@code main} in a separate JVM, as a user starts it: the test's classpath, a chosen working
 * directory, and only the Auth0 environment the test gives. Captures stdout and stderr line by line.
 */
public final class AppProcess implements AutoCloseable {
    private static final Pattern STARTED = Pattern.compile("Server started on http://[^:]+:(\\d+)");

    private final Process process;
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();
    private final List<Thread> readers;

    private AppProcess(Process process) {
        this.process = process;
        this.readers = List.of(drain(process.getInputStream(), stdout), drain(process.getErrorStream(), stderr));
    }

    /**
     * Starts {@code Main} with these arguments.
     *
     * @param workingDirectory where it runs (so no stray .env is read)
     * @param environment      Auth0-related environment; other AUTH0_* and MP_JWT_* variables are removed
     * @param args             the program arguments
     * @return the running process
     */
    public static AppProcess start(Path workingDirectory, Map<String, String> environment, String... args) {
        return launch(workingDirectory, environment,
                      List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()), args);
    }

    /**
     * Starts the packaged jar, the way README.md says: {@code java -jar target/hello-world-api.jar}.
     *
     * @param jar              the jar that {@code mvn package} built
     * @param workingDirectory where it runs
     * @param environment      as for {@link #start}
     * @param args             the program arguments
     * @return the running process
     */
    public static AppProcess startJar(Path jar, Path workingDirectory, Map<String, String> environment,
                                      String... args) {
        return launch(workingDirectory, environment, List.of("-jar", jar.toAbsolutePath().toString()), args);
    }

    private static AppProcess launch(Path workingDirectory, Map<String, String> environment, List<String> launch,
                                     String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(launch);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("AUTH0_") || name.startsWith("MP_JWT")
                || name.equals("PORT") || name.equals("DEV_KEY_FILE"));
        builder.environment().putAll(environment);
        try {
            return new AppProcess(builder.start());
        } catch (IOException e) {
            throw new IllegalStateException("could not start the application", e);
        }
    }

    /** @return the port of the started server, waiting for Helidon's start-up line */
    public int awaitStartedPort(Duration timeout) {
        String line = awaitLine(stderr, l -> STARTED.matcher(l).find(), timeout);
        Matcher matcher = STARTED.matcher(line);
        matcher.find();
        return Integer.parseInt(matcher.group(1));
    }

    /** @return the first stdout line matching, waiting for it */
    public String awaitStdout(Predicate<String> match, Duration timeout) {
        return awaitLine(stdout, match, timeout);
    }

    /** @return the exit status, waiting for the process to end */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the application did not exit within " + timeout + "; stderr: " + stderr);
            }
            for (Thread reader : readers) {
                reader.join(5_000); // the last lines it printed
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** @return whether the process is still running */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Sends SIGTERM, as an orchestrator does. */
    public void terminate() {
        process.destroy();
    }

    /** @return stdout lines so far */
    public List<String> stdout() {
        return List.copyOf(stdout);
    }

    /** @return stderr lines so far */
    public List<String> stderr() {
        return List.copyOf(stderr);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private String awaitLine(List<String> lines, Predicate<String> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : lines) {
                if (match.test(line)) {
                    return line;
                }
            }
            if (!process.isAlive() && lines.stream().noneMatch(match)) {
                throw new AssertionError("the application ended; stdout: " + stdout + " stderr: " + stderr);
            }
            sleep();
        }
        throw new AssertionError("no matching line within " + timeout + "; stdout: " + stdout + " stderr: " + stderr);
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread drain(java.io.InputStream stream, List<String> into) {
        return Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    into.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
    }
}
