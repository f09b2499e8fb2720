import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;

import com.example.hello.dev.DevIssuer;
import com.sun.net.httpserver.HttpServer;

/**
 * bench/run's issuer for the hanging-issuer case: serves the development key's JWKS on 127.0.0.1, and while the file
 * {@code hang-file} exists, accepts every request and never answers (until the file is gone, at most ten minutes),
 * as an issuer behind a firewall that drops packets does. Ends by itself after {@code lifetime-seconds}.
 *
 * <pre>java -cp 'target/hello-world-api.jar:target/libs/*' bench/HangingIssuer.java KEY_FILE PORT HANG_FILE LIFETIME</pre>
 */
public final class HangingIssuer {
    public static void main(String[] args) throws Exception {
        byte[] jwks = DevIssuer.loadOrCreate(Path.of(args[0])).jwks().toString().getBytes(StandardCharsets.UTF_8);
        Path hangFile = Path.of(args[2]);
        HttpServer server = HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[1])), 50);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/.well-known/jwks.json", exchange -> {
            long until = System.nanoTime() + 600_000_000_000L;
            while (Files.exists(hangFile) && System.nanoTime() < until) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(jwks);
            }
        });
        server.start();
        System.out.println("issuer ready on port " + args[1]);
        Thread.sleep(Long.parseLong(args[3]) * 1_000);
        System.exit(0);
    }
}
