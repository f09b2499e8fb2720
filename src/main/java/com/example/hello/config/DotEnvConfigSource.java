package com.example.hello.config;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.cdimascio.dotenv.Dotenv;
import io.github.cdimascio.dotenv.DotenvEntry;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Reads a {@code .env} file in the working directory, as users of Auth0's samples are used to.
 * <p>
 * Its ordinal sits below environment variables (300) and system properties (400), so both win over the file,
 * and above {@code microprofile-config.properties} (100), whose defaults the file overrides.
 */
public final class DotEnvConfigSource implements ConfigSource {
    static final int ORDINAL = 250;

    private final Map<String, String> values;

    /** The {@code .env} file of the working directory; no file means no values. */
    public DotEnvConfigSource() {
        this(".");
    }

    DotEnvConfigSource(String directory) {
        Dotenv dotenv = Dotenv.configure()
                .directory(directory)
                .ignoreIfMissing()
                .load();
        this.values = dotenv.entries(Dotenv.Filter.DECLARED_IN_ENV_FILE).stream()
                .collect(Collectors.toUnmodifiableMap(DotenvEntry::getKey, DotenvEntry::getValue, (a, b) -> b));
    }

    @Override
    public Set<String> getPropertyNames() {
        return values.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return values.get(propertyName);
    }

    @Override
    public String getName() {
        return ".env";
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }
}
