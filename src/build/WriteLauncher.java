import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Run by the build (exec-maven-plugin, phase package) on the JDK 21+ that the toolchain selected: writes
 * {@code target/hello-world-api} (and {@code .cmd} for Windows), which runs the jar on that same JDK. So
 * {@code target/hello-world-api token} works wherever {@code ./mvnw} does, even when the default {@code java} is
 * older than Helidon needs.
 */
public final class WriteLauncher {
    private WriteLauncher() {
    }

    /** @param args the launcher's path without extension, and the jar's file name beside it */
    public static void main(String[] args) throws IOException {
        Path launcher = Path.of(args[0]);
        String jar = args[1];
        String java = ProcessHandle.current().info().command().orElseThrow();
        Files.writeString(launcher, """
                #!/bin/sh
                # Written by the build: the service on the JDK the build ran it with (Helidon needs Java 21+).
                exec '%s' -jar "$(dirname "$0")/%s" "$@"
                """.formatted(java.replace("'", "'\\''"), jar));
        try {
            Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the .cmd below is the launcher there
        }
        Files.writeString(Path.of(args[0] + ".cmd"), """
                @rem Written by the build: the service on the JDK the build ran it with (Helidon needs Java 21+).
                @"%s" -jar "%%~dp0%s" %%*
                """.formatted(java, jar).replace("\n", "\r\n"));
    }
}
