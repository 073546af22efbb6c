package dev.roomcast.security;

import dev.roomcast.backend.Proxies;
import dev.roomcast.metrics.Meters;
import dev.roomcast.registry.SessionRegistry;
import dev.roomcast.registry.Users;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

/**
 * The security graph, made once per application: the settings of tokens, connection limits and the server API,
 * the one {@link TokenVerifier} that every check uses (the handshake, a chat {@code refresh}, the server API), and
 * the one {@link HandshakeGuard} that the WAR's filter, the runner's Grizzly filter and the endpoint's configurator
 * share. Read when the application starts, so that a bad setting stops the start with its own sentence.
 */
@ApplicationScoped
public class SecurityConfiguration {

    private static final System.Logger LOG = System.getLogger(SecurityConfiguration.class.getName());

    private SecuritySettings security;
    private ConnectionLimits limits;
    private ApiSettings api;
    private TokenVerifier verifier;
    private HandshakeGuard guard;

    @Inject
    SessionRegistry registry;

    @Inject
    Users users;

    @Inject
    Meters meters;

    @Inject
    Proxies proxies;

    /** In {@code @PostConstruct}-like fashion on first use; a server's CDI may run the constructor for its proxy. */
    private synchronized void read() {
        if (security == null) {
            security = SecuritySettings.fromEnvironment();
            limits = ConnectionLimits.fromEnvironment();
            api = ApiSettings.fromEnvironment();
            verifier = new TokenVerifier(security);
        }
    }

    @Produces
    SecuritySettings securitySettings() {
        read();
        return security;
    }

    @Produces
    ConnectionLimits connectionLimits() {
        read();
        return limits;
    }

    @Produces
    ApiSettings apiSettings() {
        read();
        return api;
    }

    @Produces
    TokenVerifier tokenVerifier() {
        read();
        return verifier;
    }

    /** The guard that admits this node's connections, counted by the registry, refusing banned users. */
    @Produces
    synchronized HandshakeGuard handshakeGuard() {
        if (guard == null) {
            read();
            guard = new HandshakeGuard(security, limits, verifier,
                    OpenConnections.of(registry::size, registry::sessionsOf), users::banSecondsLeft, proxies,
                    meters.registry());
        }
        return guard;
    }

    /** Made at start, so that a bad setting fails the start rather than the first connection. */
    void checkAtStart(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        handshakeGuard();
        LOG.log(System.Logger.Level.INFO, api.enabled()
                ? "server API on: " + api.keys().size() + " keys, token scope " + api.scope()
                : "server API off: no roomcast.api-keys or roomcast.api-scope");
    }
}
