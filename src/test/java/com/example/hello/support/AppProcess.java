package com.example.hello.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.example.hello.Main;

/**
 * The application's {@code main} in a separate JVM, as a user starts it: the test's classpath, a chosen working
 * directory, and only the environment the test gives (see {@link #environment}). Captures stdout and stderr line by
 * line.
 */
public final class AppProcess implements AutoCloseable {
    private static final Pattern STARTED = Pattern.compile("Server started on http://[^:]+:(\\d+)");
    private static final Pattern MANAGEMENT_BOUND = Pattern.compile(
            "http://[^ ]+:(\\d+) bound for socket 'management'");
    /** What the child takes from the shell's environment: enough to run a JVM, nothing that configures it. */
    private static final List<String> INHERITED = List.of("PATH", "HOME", "USER", "LANG", "LC_ALL", "TZ", "TMPDIR");

    private final Process process;
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();
    private final List<Thread> readers;
    /** While set, stderr is not read: the pipe fills and the process's writes block, as on a stuck console. */
    private final AtomicBoolean stderrPaused = new AtomicBoolean();

    private AppProcess(Process process) {
        this.process = process;
        this.readers = List.of(drain(process.getInputStream(), stdout, new AtomicBoolean()),
                               drain(process.getErrorStream(), stderr, stderrPaused));
    }

    /**
     * Starts {@code Main} with these arguments.
     *
     * @param workingDirectory where it runs (so no stray .env is read)
     * @param environment      the service's settings; none of the shell's reach the child
     * @param args             the program arguments
     * @return the running process
     */
    public static AppProcess start(Path workingDirectory, Map<String, String> environment, String... args) {
        return start(workingDirectory, environment, List.of(), args);
    }

    /**
     * Starts {@code Main} with JVM options, such as system properties ({@code -DNAME=value}).
     *
     * @param workingDirectory where it runs
     * @param environment      as for {@link #start(Path, Map, String...)}
     * @param jvmOptions       options before the main class
     * @param args             the program arguments
     * @return the running process
     */
    public static AppProcess start(Path workingDirectory, Map<String, String> environment, List<String> jvmOptions,
                                   String... args) {
        List<String> launch = new ArrayList<>(jvmOptions);
        launch.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        return launch(workingDirectory, environment, launch, args);
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
        Map<String, String> childEnvironment = environment(builder.environment(), environment);
        builder.environment().clear();
        builder.environment().putAll(childEnvironment);
        try {
            return new AppProcess(builder.start());
        } catch (IOException e) {
            throw new IllegalStateException("could not start the application", e);
        }
    }

    /**
     * The child's environment: only what a JVM needs from the shell's, so no setting of the service (RBAC_ENABLED,
     * CLIENT_ORIGIN_URL, JWKS_*, ...) and no JVM option variable (JAVA_TOOL_OPTIONS makes the JVM print "Picked up"
     * on stderr) leaks in; then the test's variables. Both listeners take a free port unless the test names one
     * other than 0.
     *
     * @param inherited the test JVM's environment
     * @param given     the test's variables
     * @return the environment of the child process
     */
    static Map<String, String> environment(Map<String, String> inherited, Map<String, String> given) {
        Map<String, String> child = new HashMap<>();
        for (String name : INHERITED) {
            if (inherited.containsKey(name)) {
                child.put(name, inherited.get(name));
            }
        }
        child.putAll(given);
        // The service refuses PORT=0 (a service on a random port is a mistake); tests take a free port through
        // Helidon's own keys instead, for either listener they give no port for, or give "0" for.
        if (child.getOrDefault("PORT", "0").equals("0")) {
            child.remove("PORT");
            child.put("SERVER_PORT", "0");
        }
        if (child.getOrDefault("MANAGEMENT_PORT", "0").equals("0")) {
            child.remove("MANAGEMENT_PORT");
            child.put("SERVER_SOCKETS_0_PORT", "0");
        }
        return child;
    }

    /** @return the port of the management listener (/health, /metrics), waiting for Helidon's line about it */
    public int awaitManagementPort(Duration timeout) {
        String line = awaitLine(stderr, l -> MANAGEMENT_BOUND.matcher(l).find(), timeout);
        Matcher matcher = MANAGEMENT_BOUND.matcher(line);
        matcher.find();
        return Integer.parseInt(matcher.group(1));
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

    /**
     * Waits until {@code count} stderr lines match (the log, as the process writes it).
     *
     * @return the matching lines so far, at least {@code count}
     */
    public List<String> awaitStderr(Predicate<String> match, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> matching = stderr.stream().filter(match).toList();
            if (matching.size() >= count) {
                return matching;
            }
            if (System.nanoTime() > deadline || !process.isAlive()) {
                throw new AssertionError(matching.size() + " of " + count + " matching lines within " + timeout
                                         + "; stderr: " + stderr);
            }
            sleep();
        }
    }

    /**
     * Stops or resumes reading stderr, as a console that stops taking output (a stuck terminal, a full pipe to a log
     * collector). The line being read when paused is still taken.
     */
    public void pauseStderr(boolean paused) {
        stderrPaused.set(paused);
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

    private static Thread drain(java.io.InputStream stream, List<String> into,
                                AtomicBoolean paused) {
        return Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    into.add(line);
                    while (paused.get()) {
                        sleep();
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
    }
}
