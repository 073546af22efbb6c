package dev.roomcast.standalone;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Map;
import java.util.Set;
import org.glassfish.tyrus.core.TyrusWebSocketEngine;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.WebSocketEngine;

/**
 * A Tyrus server container without a server of its own: it only registers the endpoints in a WebSocket
 * engine, and {@link StandaloneServer} plugs that engine into a Grizzly listener it controls (for static
 * files, {@code /health} and TLS on the same port) through {@link WebSocketFilters}.
 */
final class StandaloneContainer extends TyrusServerContainer {

    private final WebSocketEngine engine;

    StandaloneContainer(Set<Class<?>> endpoints, int incomingBufferSize) {
        super(endpoints);
        // Negative, as the registry sets on every session: with the default zero, each new Tyrus session
        // schedules an idle-timeout task that runs at once and stays referenced by the session (88 bytes per
        // connection, and a scheduler wake-up per handshake).
        setDefaultMaxSessionIdleTimeout(-1);
        engine = TyrusWebSocketEngine.builder(this).incomingBufferSize(incomingBufferSize).build();
    }

    @Override
    public void register(Class<?> endpointClass) throws DeploymentException {
        engine.register(endpointClass, "");
    }

    @Override
    public void register(ServerEndpointConfig config) throws DeploymentException {
        engine.register(config, "");
    }

    @Override
    public WebSocketEngine getWebSocketEngine() {
        return engine;
    }

    @Override
    public Map<String, Object> getProperties() {
        return Map.of();
    }
}
