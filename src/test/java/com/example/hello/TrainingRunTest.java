package com.example.hello;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.example.hello.support.AppProcess;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

/**
 * The {@code train} command the Dockerfile runs to record the AOT cache: it exercises the whole API, checks every
 * answer (so a broken build fails), and leaves nothing behind, neither a key nor a file in the user's home.
 */
class TrainingRunTest {
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path directory;

    @Test
    void trainingRunChecksEveryAnswerAndLeavesNoKeyBehind() throws IOException {
        Path temporary = Files.createDirectories(directory.resolve("tmp"));
        Path home = Files.createDirectories(directory.resolve("home"));
        AppProcess run = AppProcess.start(directory, Map.of(
                "JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + temporary + " -Duser.home=" + home), "train");

        assertThat(run.awaitExit(RUN_TIMEOUT), is(0));
        assertThat(run.stdout(), hasItem("Training run: every request answered as the contract says."));
        assertThat("the throwaway key is deleted", filesIn(temporary), is(empty()));
        assertThat("the user's development key is untouched", filesIn(home), is(empty()));
    }

    @Test
    void trainingRunFailsWhenAnAnswerDiffersFromTheContract() {
        // With RBAC off, a token without the permission reads the admin message: the run expects a 403.
        AppProcess run = AppProcess.start(directory, Map.of("RBAC_ENABLED", "false"), "train");

        assertThat(run.awaitExit(RUN_TIMEOUT), is(1));
        assertThat(run.stdout(), hasItem(
                "Training run FAILED: admin without the permission answered 200, expected 403"));
    }

    private static List<Path> filesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).filter(f -> !f.toString().contains("hsperfdata")).toList();
        }
    }
}
