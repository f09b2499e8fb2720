package com.example.hello;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import com.example.hello.support.Http;
import com.example.hello.support.Management;
import com.example.hello.support.LogCapture;
import com.example.hello.support.TestIssuer;

import io.helidon.microprofile.testing.AddConfigSource;
import io.helidon.microprofile.testing.junit5.HelidonTest;

import jakarta.inject.Inject;
import jakarta.ws.rs.client.WebTarget;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import static com.example.hello.support.Responses.json;
import static com.example.hello.support.Responses.object;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

/**
 * Hostile input: more than ten thousand variants of valid tokens, none re-signed. Every one must be refused with a
 * JSON 401; none may be accepted, none may cause a 5xx.
 */
@HelidonTest
class TokenMutationTest {
    private static final int PER_KIND = 700;
    private static final String B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final TestIssuer issuer = TestIssuer.shared();
    private final Http http;
    private final Random random = new Random(20261129);

    @Inject
    TokenMutationTest(WebTarget target) {
        this.http = new Http(target.getUri());
    }

    @AddConfigSource
    static ConfigSource config() {
        return TestIssuer.shared().config(Map.of());
    }

    @Test
    void noMutationOfAValidTokenIsAccepted() throws Exception {
        List<String> originals = List.of(issuer.token().sign(), issuer.adminToken(),
                                         issuer.token().claim("scope", "read:messages").sign());
        Map<String, Function<String, String>> kinds = new TreeMap<>();
        kinds.put("bit flip in header bytes", t -> flipBit(t, 0));
        kinds.put("bit flip in payload bytes", t -> flipBit(t, 1));
        kinds.put("bit flip in signature bytes", t -> flipBit(t, 2));
        kinds.put("character changed", this::changeCharacter);
        kinds.put("truncated", t -> t.substring(0, random.nextInt(t.length())));
        kinds.put("junk inserted", this::insertJunk);
        kinds.put("segments swapped or repeated", this::reorderSegments);
        kinds.put("header replaced (none, HS256, other kid)", this::replaceHeader);
        kinds.put("payload huge or deeply nested", this::hugePayload);
        kinds.put("payload not UTF-8", this::binaryPayload);
        kinds.put("signature of another token", t -> withSignatureOf(t, issuer.token().claim("sub", "x").sign()));
        kinds.put("base64 padding or standard alphabet", this::nonUrlSafe);
        kinds.put("last character's unused bits set", this::unusedBits);
        kinds.put("empty or dots only", t -> List.of("", ".", "..", "...", "a..b", ".x.")
                .get(random.nextInt(6)));
        kinds.put("payload of another token, own signature", t -> withPayloadOf(t, issuer.adminToken()));

        Map<String, List<String>> variants = new TreeMap<>();
        kinds.forEach((kind, mutation) -> {
            List<String> list = new ArrayList<>();
            for (int i = 0; i < PER_KIND; i++) {
                String original = originals.get(i % originals.size());
                String mutated = mutation.apply(original);
                if (!originals.contains(mutated)) {
                    list.add(mutated);
                }
            }
            variants.put(kind, list);
        });
        int total = variants.values().stream().mapToInt(List::size).sum();
        assertThat("variants generated", total, greaterThanOrEqualTo(10_000));

        Map<String, Map<Integer, Integer>> statuses = new ConcurrentHashMap<>();
        List<String> unexpected = new ArrayList<>();
        List<LogRecord> records;
        List<String> lines;
        try (LogCapture log = LogCapture.start(); ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> calls = new ArrayList<>();
            variants.forEach((kind, list) -> {
                for (String token : list) {
                    calls.add(pool.submit(() -> {
                        HttpResponse<String> response = http.get("/api/messages/protected",
                                                                  "Authorization", "Bearer " + token);
                        statuses.computeIfAbsent(kind, k -> new ConcurrentHashMap<>())
                                .merge(response.statusCode(), 1, Integer::sum);
                        boolean refusedAsContracted = response.statusCode() == 401
                                && json(response).equals(object("message", "Bad credentials"));
                        if (!refusedAsContracted) {
                            synchronized (unexpected) {
                                unexpected.add(kind + " -> " + response.statusCode() + " " + response.body());
                            }
                        }
                    }));
                }
            });
            for (Future<?> call : calls) {
                call.get();
            }
            int refused = statuses.values().stream().mapToInt(byStatus -> byStatus.getOrDefault(401, 0)).sum();
            lines = log.awaitLines("GET /api/messages/protected 401", refused, 30);
            records = log.records();
        }
        System.out.println("Token mutations sent: " + total + ", log lines: " + lines.size());
        new TreeMap<>(statuses).forEach((kind, byStatus) -> System.out.printf("  %-45s %s%n", kind, byStatus));

        assertThat("answers other than a JSON 401 (first 10)",
                   unexpected.subList(0, Math.min(10, unexpected.size())), is(List.of()));
        assertThat("the server is healthy afterwards", Management.http().get("/health/live").statusCode(), is(200));

        // Nothing of a token reaches the logs: no segment of the originals, no long base64url run (a token's
        // segment, a key's modulus), no exception or warning about a refused token.
        for (String original : originals) {
            for (String segment : original.split("\\.")) {
                assertThat(lines, everyItem(not(containsString(segment))));
            }
        }
        assertThat(lines, everyItem(not(matchesPattern("(?s).*[A-Za-z0-9_-]{40,}.*"))));
        assertThat("records with an exception", records.stream().filter(r -> r.getThrown() != null).toList(),
                   is(List.of()));
        assertThat("warnings", records.stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogRecord::getMessage).toList(), is(List.of()));
    }

    private String flipBit(String token, int segment) {
        String[] parts = token.split("\\.", -1);
        byte[] bytes = DECODER.decode(parts[segment]);
        int bit = random.nextInt(bytes.length * 8);
        bytes[bit / 8] ^= (byte) (1 << (bit % 8));
        parts[segment] = ENCODER.encodeToString(bytes);
        return String.join(".", parts);
    }

    private String changeCharacter(String token) {
        int at = random.nextInt(token.length());
        char replacement;
        do {
            replacement = B64.charAt(random.nextInt(B64.length()));
        } while (replacement == token.charAt(at));
        return token.substring(0, at) + replacement + token.substring(at + 1);
    }

    private String insertJunk(String token) {
        String junk = List.of("=", "==", "+", "/", "*", "!", " ", "%20", "\t", "~", "$", "\"", "'", ",", ";")
                .get(random.nextInt(15));
        int at = random.nextInt(token.length() + 1);
        return token.substring(0, at) + junk + token.substring(at);
    }

    private String reorderSegments(String token) {
        String[] p = token.split("\\.", -1);
        return switch (random.nextInt(7)) {
            case 0 -> p[1] + "." + p[0] + "." + p[2];
            case 1 -> p[0] + "." + p[2] + "." + p[1];
            case 2 -> p[2] + "." + p[1] + "." + p[0];
            case 3 -> p[0] + "." + p[0] + "." + p[2];
            case 4 -> p[0] + "." + p[1] + "." + p[1];
            case 5 -> token + "." + p[2];
            default -> p[0] + "." + p[1];
        };
    }

    private String replaceHeader(String token) {
        String[] p = token.split("\\.", -1);
        String kid = issuer.currentKey().kid();
        String header = switch (random.nextInt(8)) {
            case 0 -> "{\"alg\":\"none\",\"typ\":\"JWT\"}";
            case 1 -> "{\"alg\":\"none\",\"kid\":\"" + kid + "\"}";
            case 2 -> "{\"alg\":\"HS256\",\"kid\":\"" + kid + "\"}";
            case 3 -> "{\"alg\":\"RS512\",\"kid\":\"" + kid + "\"}";
            case 4 -> "{\"alg\":\"ES256\",\"kid\":\"" + kid + "\"}";
            case 5 -> "{\"alg\":\"RS256\",\"kid\":\"key-" + random.nextInt(1000) + "\"}";
            case 6 -> "{\"alg\":\"RS256\",\"kid\":" + random.nextInt() + "}";
            default -> "{\"alg\":\"RS256\",\"kid\":\"" + kid + "\",\"jku\":\"http://127.0.0.1:1/jwks\"}";
        };
        String signature = random.nextBoolean() ? p[2] : "";
        return ENCODER.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "." + p[1] + "." + signature;
    }

    private String hugePayload(String token) {
        String[] p = token.split("\\.", -1);
        int depth = 500 + random.nextInt(2_000);
        String payload = random.nextBoolean()
                ? "[".repeat(depth) + "]".repeat(depth)
                : "{\"sub\":\"" + "a".repeat(2_000 + random.nextInt(6_000)) + "\",\"exp\":99999999999}";
        return p[0] + "." + ENCODER.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + p[2];
    }

    private String binaryPayload(String token) {
        String[] p = token.split("\\.", -1);
        byte[] bytes = new byte[1 + random.nextInt(300)];
        random.nextBytes(bytes);
        bytes[0] = (byte) 0xC3; // a UTF-8 lead byte...
        if (bytes.length > 1) {
            bytes[1] = (byte) 0x28; // ...followed by a byte that cannot continue it
        }
        return p[0] + "." + ENCODER.encodeToString(bytes) + "." + p[2];
    }

    private String withSignatureOf(String token, String other) {
        return token.substring(0, token.lastIndexOf('.')) + other.substring(other.lastIndexOf('.'));
    }

    private String withPayloadOf(String token, String other) {
        String[] p = token.split("\\.", -1);
        return p[0] + "." + other.split("\\.", -1)[1] + "." + p[2];
    }

    private String nonUrlSafe(String token) {
        String[] p = token.split("\\.", -1);
        int segment = random.nextInt(3);
        byte[] bytes = DECODER.decode(p[segment]);
        p[segment] = random.nextBoolean()
                ? Base64.getUrlEncoder().encodeToString(bytes) + "="
                : Base64.getEncoder().encodeToString(bytes);
        String mutated = String.join(".", p);
        return mutated.equals(token) ? mutated + "=" : mutated;
    }

    private String unusedBits(String token) {
        String[] p = token.split("\\.", -1);
        for (int attempt = 0; attempt < 3; attempt++) {
            int segment = random.nextInt(3);
            String s = p[segment];
            int unused = switch (s.length() % 4) {
                case 2 -> 4;
                case 3 -> 2;
                default -> 0;
            };
            if (unused > 0) {
                int value = B64.indexOf(s.charAt(s.length() - 1)) | (1 + random.nextInt((1 << unused) - 1));
                p[segment] = s.substring(0, s.length() - 1) + B64.charAt(value);
                return String.join(".", p);
            }
        }
        return changeCharacter(token);
    }
}
