package com.example.hello.dev;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.helidon.microprofile.server.ServerCdiExtension;

import jakarta.enterprise.inject.spi.CDI;
import org.eclipse.microprofile.config.Config;

/**
 * {@code java -XX:AOTCacheOutput=hello-world-api.aot -jar hello-world-api.jar train}: the training run of the
 * JDK's ahead-of-time cache (JDK 25, JEP 483/514/515). It starts the API in development mode on a free port with a
 * throwaway key, sends every kind of request the API answers, a few hundred times, checks each answer's status,
 * and stops. The JVM then writes down which classes were loaded and linked and how the hot methods ran, so a
 * server started with {@code -XX:AOTCache} starts faster and warms up sooner.
 * <p>
 * The Dockerfile runs it while building the image, so an image whose API does not answer as the contract says is
 * never built. The key is deleted afterwards: nothing of the run stays in the image but the cache.
 */
public final class TrainingRun {
    /** Rounds of the API requests: enough for the JIT's profiles of the request path to be recorded. */
    static final int ROUNDS = 300;

    private TrainingRun() {
    }

    /** One request of the run and the status the contract gives it. */
    private record Call(String description, int expectedStatus, HttpRequest request) {
    }

    /**
     * Runs the API, exercises it and stops it.
     *
     * @param config the configuration as the user gave it (environment, system properties, .env)
     * @param out    where the outcome is printed
     * @return 0 when every answer had the expected status, 1 otherwise
     * @throws DevMode.RefusedException when {@code AUTH0_DOMAIN} is set: the run needs the development issuer
     */
    public static int run(Config config, PrintStream out) throws DevMode.RefusedException {
        Path keyDirectory = temporaryDirectory();
        Path key = keyDirectory.resolve("training-key.pk8");
        try {
            System.setProperty("PORT", "0"); // a free port: the run must not depend on 6060 being free
            DevMode devMode = DevMode.prepare(config, key);
            io.helidon.microprofile.cdi.Main.main(new String[0]);
            try {
                int port = CDI.current().getBeanManager().getExtension(ServerCdiExtension.class).port();
                List<String> failures = exercise(calls(URI.create("http://127.0.0.1:" + port), devMode));
                if (!failures.isEmpty()) {
                    out.println("Training run FAILED: " + String.join("; ", failures));
                    return 1;
                }
                out.println("Training run: every request answered as the contract says.");
                return 0;
            } finally {
                io.helidon.microprofile.cdi.Main.shutdown();
            }
        } finally {
            delete(key);
            delete(keyDirectory);
        }
    }

    private static List<Call> calls(URI base, DevMode devMode) {
        String user = "Bearer " + devMode.mint("training|user", List.of());
        String admin = "Bearer " + devMode.mint("training|admin", List.of(DevMode.ADMIN_PERMISSION));
        return List.of(
                new Call("public", 200, get(base, "/api/messages/public").build()),
                new Call("protected with a token", 200,
                         get(base, "/api/messages/protected").header("Authorization", user).build()),
                new Call("admin with the permission", 200,
                         get(base, "/api/messages/admin").header("Authorization", admin).build()),
                new Call("admin without the permission", 403,
                         get(base, "/api/messages/admin").header("Authorization", user).build()),
                new Call("protected without a token", 401, get(base, "/api/messages/protected").build()),
                new Call("protected with a malformed token", 401,
                         get(base, "/api/messages/protected").header("Authorization", "Bearer x").build()),
                new Call("an unknown path", 404, get(base, "/training/unknown").build()),
                new Call("a method the API does not have", 405,
                         HttpRequest.newBuilder(base.resolve("/api/messages/public"))
                                 .POST(HttpRequest.BodyPublishers.noBody()).build()),
                new Call("readiness", 200, get(base, "/health/ready").build()),
                new Call("metrics", 200, get(base, "/metrics").build()),
                new Call("the contract", 200, get(base, "/openapi").build()),
                new Call("Swagger UI", 200, get(base, "/docs/index.html").build()));
    }

    private static List<String> exercise(List<Call> calls) {
        List<String> failures = new ArrayList<>();
        try (HttpClient client = HttpClient.newHttpClient()) {
            for (int round = 0; round < ROUNDS && failures.isEmpty(); round++) {
                for (Call call : calls) {
                    int status = client.send(call.request(), HttpResponse.BodyHandlers.discarding())
                            .statusCode();
                    if (status != call.expectedStatus()) {
                        failures.add(call.description() + " answered " + status + ", expected "
                                             + call.expectedStatus());
                    }
                }
            }
        } catch (IOException e) {
            failures.add("request failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.add("interrupted");
        }
        return failures;
    }

    private static HttpRequest.Builder get(URI base, String path) {
        return HttpRequest.newBuilder(base.resolve(path)).GET();
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("hello-world-api-training");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + path, e);
        }
    }
}
