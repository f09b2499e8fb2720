package com.example.hello;

import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;

import jakarta.json.Json;
import jakarta.json.JsonString;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What the container image promises, checked without building it (no container engine is needed): the Dockerfile's
 * instructions are read, and its health check, its training step and its memory options are run on this machine.
 * What only a built image shows (the base image's contents, the user really switched to, the AOT cache) stays
 * unchecked here.
 */
class DockerfileTest {
    private static final Path DOCKERFILE = Path.of("Dockerfile");
    /** A guard only: each command ends within a second or two. */
    private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path directory;

    /** An instruction, its continuation lines joined. */
    private record Instruction(String keyword, String arguments) {
    }

    @Test
    void theImageRunsAsANonRootUserOnAJre25() throws IOException {
        List<Instruction> runtime = finalStage();
        assertThat("base image", runtime.getFirst().arguments(), is("eclipse-temurin:25-jre"));
        List<Instruction> users = runtime.stream().filter(i -> i.keyword().equals("USER")).toList();
        assertThat("one USER", users.size(), is(1));
        assertThat("user", users.getFirst().arguments(), is("app:app"));
        assertThat("the user and group created, neither root", runtime, hasItem(new Instruction("RUN",
                "groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --no-create-home app")));
        assertThat("the server starts after the switch", indexOf(runtime, "ENTRYPOINT"),
                   greaterThan(indexOf(runtime, "USER")));
    }

    @Test
    void noDotEnvFileGoesIntoTheImage() throws IOException {
        assertThat(".dockerignore", Files.readAllLines(Path.of(".dockerignore")), hasItem(".env"));
        for (Instruction copy : instructions().stream().filter(i -> i.keyword().equals("COPY")).toList()) {
            List<String> sources = Arrays.asList(copy.arguments().split("\\s+"));
            sources = sources.subList(0, sources.size() - 1).stream().filter(s -> !s.startsWith("--")).toList();
            assertThat("sources of COPY " + copy.arguments(), sources, not(hasItem(".")));
            assertThat("sources of COPY " + copy.arguments(), sources, not(hasItem(".env")));
        }
    }

    @Test
    void theHealthCheckAsksForReadinessOnTheManagementPort() throws Exception {
        List<String> command = healthCheckCommand();
        HttpServer management = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        int[] status = {200};
        management.createContext("/health/ready", exchange -> {
            exchange.sendResponseHeaders(status[0], -1);
            exchange.close();
        });
        management.start();
        try {
            int port = management.getAddress().getPort();
            assertThat("ready", run(command, Map.of("MANAGEMENT_PORT", String.valueOf(port))).exit(), is(0));
            status[0] = 503;
            assertThat("not ready", run(command, Map.of("MANAGEMENT_PORT", String.valueOf(port))).exit(), is(not(0)));
        } finally {
            management.stop(0);
        }
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        assertThat("nothing listening", run(command, Map.of("MANAGEMENT_PORT", String.valueOf(closed))).exit(),
                   is(not(0)));
    }

    @Test
    void aFailedTrainingRunFailsTheBuildAndShowsItsLog() throws Exception {
        Instruction training = instructions().stream()
                .filter(i -> i.keyword().equals("RUN") && i.arguments().contains(" train "))
                .findFirst().orElseThrow();
        Path log = directory.resolve("training.log");
        // Docker runs a RUN line with /bin/sh -c; here its java is a stand-in that prints and exits as told
        String script = training.arguments().replace("/tmp/training.log", log.toString());
        Path bin = Files.createDirectory(directory.resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"training: $*\"\nexit \"$TRAINING_EXIT\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        Map<String, String> environment = Map.of("PATH", bin + ":" + System.getenv("PATH"),
                                                  "JAVA_OPTS", javaOptions());

        Result failed = run(List.of("/bin/sh", "-c", script), with(environment, "TRAINING_EXIT", "1"));
        assertThat("a failed run fails the step", failed.exit(), is(1));
        assertThat("and shows the run's log", failed.output(),
                   allOf(containsString("training: -XX:MaxRAM=384m "), containsString(" -jar hello-world-api.jar train")));

        Result passed = run(List.of("/bin/sh", "-c", script), with(environment, "TRAINING_EXIT", "0"));
        assertThat("a passed run passes the step", passed.exit(), is(0));
        assertThat("its log removed", Files.exists(log), is(false));
    }

    @Test
    void theHeapIsAThirdOfA384MibContainerFromTheStart() throws Exception {
        // The options name flags of JDK 25 (the image's JRE); an older JDK refuses them
        assumeTrue(Runtime.version().feature() >= 25, "the image's JAVA_OPTS are for a JDK 25");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                                                               .toString(), "-XX:MaxRAM=384m"));
        command.addAll(Arrays.asList(javaOptions().split("\\s+")));
        command.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));

        Result flags = run(command, Map.of());

        assertThat("java " + command + ": " + flags.output(), flags.exit(), is(0));
        // MaxRAMPercentage=33 of 384 MiB is 126.7 MiB, rounded up to the heap's alignment: a third, 128 MiB; and the
        // heap starts at that size instead of growing from 6 MiB through dozens of collections during start-up
        assertThat("heap (bytes)", flag(flags.output(), "MaxHeapSize"), is(128L * 1024 * 1024));
        assertThat("initial heap (bytes)", flag(flags.output(), "InitialHeapSize"), is(128L * 1024 * 1024));
    }

    /** @return a size flag's value in {@code -XX:+PrintFlagsFinal}'s output */
    private static long flag(String printFlagsFinal, String name) {
        Matcher value = Pattern.compile("size_t " + name + "\\s+= (\\d+)").matcher(printFlagsFinal);
        assertThat(name + " printed", value.find(), is(true));
        return Long.parseLong(value.group(1));
    }

    /** @return the image's {@code JAVA_OPTS} */
    private static String javaOptions() throws IOException {
        Instruction env = instructions().stream()
                .filter(i -> i.keyword().equals("ENV") && i.arguments().startsWith("JAVA_OPTS="))
                .findFirst().orElseThrow();
        String value = env.arguments().substring("JAVA_OPTS=".length());
        assertThat("quoted", value.startsWith("\"") && value.endsWith("\""), is(true));
        return value.substring(1, value.length() - 1);
    }

    /** @return the HEALTHCHECK's exec-form command */
    private static List<String> healthCheckCommand() throws IOException {
        Instruction check = instructions().stream().filter(i -> i.keyword().equals("HEALTHCHECK"))
                .findFirst().orElseThrow();
        String json = check.arguments().substring(check.arguments().indexOf("CMD ") + "CMD ".length());
        try (var reader = Json.createReader(new StringReader(json))) {
            return reader.readArray().getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
        }
    }

    private static List<Instruction> finalStage() throws IOException {
        List<Instruction> all = instructions();
        int lastFrom = 0;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).keyword().equals("FROM")) {
                lastFrom = i;
            }
        }
        return all.subList(lastFrom, all.size());
    }

    private static int indexOf(List<Instruction> instructions, String keyword) {
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).keyword().equals(keyword)) {
                return i;
            }
        }
        throw new AssertionError("no " + keyword);
    }

    /** The Dockerfile's instructions: comments and blank lines dropped, lines ending in a backslash joined. */
    private static List<Instruction> instructions() throws IOException {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(DOCKERFILE, StandardCharsets.UTF_8)) {
            if (current.isEmpty() && (line.isBlank() || line.stripLeading().startsWith("#"))) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1);
                continue;
            }
            current.append(line);
            String text = current.toString().strip();
            current.setLength(0);
            int space = text.indexOf(' ');
            instructions.add(new Instruction(text.substring(0, space), text.substring(space + 1).strip()));
        }
        return instructions;
    }

    private record Result(int exit, String output) {
    }

    private static Map<String, String> with(Map<String, String> environment, String name, String value) {
        Map<String, String> all = new HashMap<>(environment);
        all.put(name, value);
        return all;
    }

    /** Runs {@code command} with only {@code environment} (and PATH), its output and errors together. */
    private Result run(List<String> command, Map<String, String> environment) throws Exception {
        Path output = Files.createTempFile(directory, "output", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv("PATH"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(PROCESS_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not end within " + PROCESS_TIMEOUT.toSeconds() + " s");
        }
        return new Result(process.exitValue(), Files.readString(output));
    }
}
