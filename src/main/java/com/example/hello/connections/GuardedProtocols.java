package com.example.hello.connections;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

import io.helidon.webserver.http1.Http1ConnectionProvider;
import io.helidon.webserver.http1.spi.Http1UpgradeProvider;
import io.helidon.webserver.spi.ServerConnectionSelectorProvider;

/**
 * The connection guard sees only the connections Helidon hands to {@link GuardedHttp1Provider}. Another protocol on
 * the classpath (HTTP/2 and h2c, WebSocket, gRPC: a connection selector or an HTTP/1.1 upgrade) would change that
 * silently: with a second selector Helidon reads from every new socket before any selector is chosen, so silent
 * sockets are neither counted nor timed out, and upgraded or prior-knowledge connections bypass the limits. So the
 * start refuses such a classpath, in one line, until the guard is extended to the new protocol.
 */
public final class GuardedProtocols {
    /** Ours, and Helidon's own HTTP/1.1 provider, which serves nothing once ours has taken {@code http_1_1}. */
    private static final Set<String> ALLOWED_SELECTORS = Set.of(GuardedHttp1Provider.class.getName(),
                                                                Http1ConnectionProvider.class.getName());

    private GuardedProtocols() {
    }

    /**
     * @return why the classpath cannot be served guarded, if it cannot
     */
    @SuppressWarnings("rawtypes") // Helidon's service interfaces are generic; the loader sees them raw
    public static Optional<String> problem() {
        return problem(ServiceLoader.load(ServerConnectionSelectorProvider.class).stream()
                               .map(provider -> provider.type().getName()).toList(),
                       ServiceLoader.load(Http1UpgradeProvider.class).stream()
                               .map(provider -> provider.type().getName()).toList());
    }

    /**
     * @param selectorProviders the connection selector providers found
     * @param upgradeProviders  the HTTP/1.1 upgrade providers found
     * @return why they cannot be served guarded, if they cannot
     */
    static Optional<String> problem(List<String> selectorProviders, List<String> upgradeProviders) {
        Optional<String> foreign = selectorProviders.stream().filter(name -> !ALLOWED_SELECTORS.contains(name))
                .findFirst()
                .or(() -> upgradeProviders.stream().findFirst());
        return foreign.map(name -> "Unsupported protocol on the classpath: " + name + " would serve connections "
                + "outside the connection limits and deadlines (connections/ guards HTTP/1.1 only); remove its module "
                + "or extend connections/ to guard it.");
    }
}
