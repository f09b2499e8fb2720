package com.example.hello.config;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What a setting accepts: a description for the user ({@code "a port number from 1 to 65535"}) and a check that names
 * the problem of a value ({@code "out of range"}), or none when the value is fine.
 *
 * @param description what is accepted, as said after "Accepted: "
 * @param problem     the problem of a value, empty when the value is accepted
 */
public record Accepted(String description, Function<String, Optional<String>> problem) {
    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?[0-9]+");
    private static final String LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    private static final Pattern HOST_NAME = Pattern.compile(LABEL + "(?:\\." + LABEL + ")*");
    private static final Pattern CLIENT_ID_CHARACTERS = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    /** A TCP port. */
    public static final Accepted PORT = new Accepted("a port number from 1 to 65535", Accepted::portProblem);

    /** A security switch: exactly {@code true} or {@code false}, never a default for an unknown word. */
    public static final Accepted TRUE_OR_FALSE = oneOf("true", "false");

    /** A host name or IP address to listen on. */
    public static final Accepted LISTEN_ADDRESS = new Accepted(
            "an IP address of this machine or a host name, e.g. 0.0.0.0 (all interfaces) or 127.0.0.1",
            value -> HOST_NAME.matcher(value).matches() || IPV6.matcher(value).matches()
                    ? Optional.empty() : Optional.of("not a host name or IP address"));

    /** A whole number of seconds, 0 or more. */
    public static final Accepted SECONDS = new Accepted("a whole number of seconds, 0 or more, e.g. 30",
                                                        Accepted::secondsProblem);

    /** An ISO-8601 duration, 0 or more. */
    public static final Accepted DURATION = new Accepted("an ISO-8601 duration, 0 or more, e.g. PT5S or PT10M",
                                                         Accepted::durationProblem);

    /**
     * @param least the shortest duration accepted
     * @return a setting that accepts an ISO-8601 duration of at least {@code least}
     */
    public static Accepted durationAtLeast(Duration least) {
        return new Accepted("an ISO-8601 duration of at least " + least + ", e.g. PT5S",
                            value -> durationProblem(value).or(() -> Duration.parse(value).compareTo(least) < 0
                                    ? Optional.of("less than " + least) : Optional.empty()));
    }

    /** An ISO-8601 duration longer than 0 and at most a day (a deadline: 0 would close everything at once). */
    public static final Accepted DEADLINE = new Accepted("an ISO-8601 duration longer than 0, at most PT24H, e.g. PT10S",
                                                         value -> durationProblem(value, false));

    /** An ISO-8601 duration from 0 to a day (0 meaning none). */
    public static final Accepted DURATION_UP_TO_A_DAY = new Accepted(
            "an ISO-8601 duration from PT0S (none) to PT24H, e.g. PT0.25S", value -> durationProblem(value, true));

    /** An Auth0 domain as users write it. */
    public static final Accepted AUTH0_DOMAIN = new Accepted(
            "your tenant's host name with an optional :port, e.g. your-tenant.us.auth0.com "
                    + "(an https:// before it and a / after it are accepted; letter case and :443 are ignored)",
            Accepted::domainProblem);

    /** Browser origins, comma-separated. */
    public static final Accepted ORIGINS = new Accepted(
            "an origin, scheme://host[:port] with no path, e.g. https://app.example.com; "
                    + "several origins separated by commas, no spaces",
            Accepted::originsProblem);

    /** An absolute https URL (plain http only to this machine, for tests). */
    public static final Accepted HTTPS_URL = new Accepted(
            "an absolute https:// URL (http:// only to a loopback address such as 127.0.0.1)",
            Accepted::httpsUrlProblem);

    /** A file that exists and can be read, or that can be created. */
    public static final Accepted READABLE_OR_CREATABLE_FILE = new Accepted(
            "the path of a readable file, or of one that can be created", Accepted::fileProblem);

    /** An OAuth client id as Auth0 issues them: letters, digits, {@code .}, {@code _} and {@code -}. */
    public static final Accepted CLIENT_ID = new Accepted(
            "1 to 128 letters, digits, '.', '_' or '-', as in the Auth0 application's Client ID",
            value -> CLIENT_ID_CHARACTERS.matcher(value.trim()).matches()
                    ? Optional.empty() : Optional.of("not a client id"));

    /** Any text that is not blank. */
    public static final Accepted TEXT = new Accepted(
            "any text that is not blank", value -> value.isBlank() ? Optional.of("blank") : Optional.empty());

    /**
     * @param words the accepted words, compared ignoring letter case
     * @return a setting that accepts exactly these words
     */
    public static Accepted oneOf(String... words) {
        List<String> accepted = Arrays.asList(words);
        String description = words.length == 2 ? words[0] + " or " + words[1] : String.join(", ", words);
        return new Accepted(description + " (any letter case)",
                            value -> accepted.contains(value.trim().toLowerCase(Locale.ROOT))
                                    ? Optional.empty() : Optional.of("an unknown word"));
    }

    /**
     * @param min the least value
     * @param max the greatest value
     * @return a setting that accepts a whole number between the two, both included
     */
    public static Accepted wholeNumber(int min, int max) {
        return new Accepted("a whole number from " + min + " to " + max, value -> rangeProblem(value, min, max));
    }

    /**
     * Reads a switch strictly: {@code true} or {@code false} in any letter case (surrounding blanks ignored).
     *
     * @param value the setting's value
     * @return the switch, empty for any other word
     */
    public static Optional<Boolean> trueOrFalse(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> Optional.of(true);
            case "false" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    private static Optional<String> portProblem(String value) {
        return rangeProblem(value, 1, 65535);
    }

    private static Optional<String> rangeProblem(String value, int min, int max) {
        if (!WHOLE_NUMBER.matcher(value).matches()) {
            return Optional.of("not a whole number");
        }
        BigInteger number = new BigInteger(value);
        return number.compareTo(BigInteger.valueOf(min)) < 0 || number.compareTo(BigInteger.valueOf(max)) > 0
                ? Optional.of("out of range") : Optional.empty();
    }

    private static Optional<String> secondsProblem(String value) {
        if (value.startsWith("-") && WHOLE_NUMBER.matcher(value).matches()) {
            return Optional.of("negative");
        }
        return rangeProblem(value, 0, Integer.MAX_VALUE);
    }

    private static Optional<String> durationProblem(String value) {
        try {
            return Duration.parse(value).isNegative() ? Optional.of("negative") : Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.of("not an ISO-8601 duration");
        }
    }

    private static Optional<String> durationProblem(String value, boolean zeroAccepted) {
        return durationProblem(value).or(() -> {
            Duration duration = Duration.parse(value);
            if (duration.isZero() && !zeroAccepted) {
                return Optional.of("zero");
            }
            return duration.compareTo(Duration.ofDays(1)) > 0 ? Optional.of("longer than a day") : Optional.empty();
        });
    }

    private static Optional<String> domainProblem(String value) {
        String domain = value.trim();
        if (domain.isEmpty()) {
            return Optional.of("empty");
        }
        if (domain.contains(" ") || domain.contains("\t")) {
            return Optional.of("contains a space");
        }
        String lower = domain.toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://")) {
            domain = domain.substring("https://".length());
        } else if (domain.contains("://")) {
            return Optional.of("a scheme other than https://");
        }
        if (domain.endsWith("/")) {
            domain = domain.substring(0, domain.length() - 1);
        }
        if (domain.contains("@")) {
            return Optional.of("contains user info (@)");
        }
        if (domain.contains("?") || domain.contains("#")) {
            return Optional.of("contains a query or fragment");
        }
        if (domain.contains("/")) {
            return Optional.of("contains a path");
        }
        return hostAndPortProblem(domain);
    }

    private static Optional<String> hostAndPortProblem(String authority) {
        int colon = authority.lastIndexOf(':');
        String host = colon < 0 ? authority : authority.substring(0, colon);
        if (!HOST_NAME.matcher(host).matches()) {
            return Optional.of("not a host name");
        }
        return colon < 0 ? Optional.empty() : portProblem(authority.substring(colon + 1)).map(p -> "port " + p);
    }

    private static Optional<String> originsProblem(String value) {
        if (value.chars().anyMatch(Character::isWhitespace)) {
            return Optional.of("contains a space"); // CORS compares origins exactly: a space would never match
        }
        for (String origin : value.split(",", -1)) {
            Optional<String> problem = originProblem(origin);
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> originProblem(String origin) {
        if (origin.isEmpty()) {
            return Optional.of("empty");
        }
        Optional<URI> uri = uri(origin);
        if (uri.isEmpty() || uri.get().getScheme() == null || uri.get().getRawAuthority() == null) {
            return Optional.of("not an origin");
        }
        String scheme = uri.get().getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("a scheme other than http or https");
        }
        if (!uri.get().getRawPath().isEmpty()) {
            return Optional.of("has a path (an origin ends after the host or port, without /)");
        }
        if (uri.get().getRawQuery() != null || uri.get().getRawFragment() != null) {
            return Optional.of("has a query or fragment");
        }
        if (uri.get().getRawUserInfo() != null) {
            return Optional.of("contains user info (@)");
        }
        return hostAndPortProblem(uri.get().getRawAuthority());
    }

    private static Optional<String> httpsUrlProblem(String value) {
        Optional<URI> uri = uri(value.trim());
        if (uri.isEmpty() || !uri.get().isAbsolute() || uri.get().getHost() == null) {
            return Optional.of("not an absolute URL");
        }
        String scheme = uri.get().getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            return Optional.empty();
        }
        if (scheme.equals("http")) {
            return loopback(uri.get().getHost())
                    ? Optional.empty() : Optional.of("http:// to a host other than this machine");
        }
        return Optional.of("a scheme other than https");
    }

    private static boolean loopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        boolean literal = host.matches("[0-9.]+") || host.startsWith("[");
        try {
            return literal && InetAddress.getByName(host).isLoopbackAddress(); // a literal: no name lookup
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static Optional<String> fileProblem(String value) {
        Path file;
        try {
            file = Path.of(value).toAbsolutePath();
        } catch (InvalidPathException e) {
            return Optional.of("not a path");
        }
        if (Files.exists(file)) {
            return Files.isRegularFile(file) && Files.isReadable(file)
                    ? Optional.empty() : Optional.of("exists but is not a readable file");
        }
        Path existing = file.getParent();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing != null && Files.isDirectory(existing) && Files.isWritable(existing)
                ? Optional.empty() : Optional.of("does not exist and cannot be created");
    }

    private static Optional<URI> uri(String value) {
        try {
            return Optional.of(new URI(value));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
