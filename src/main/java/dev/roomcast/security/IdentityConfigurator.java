package dev.roomcast.security;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;

/**
 * Tells an endpoint who connected. By the time this runs, the handshake filter has let the request through
 * and the guard has verified its token; the guard hands over the identity it verified for that same token
 * ({@link HandshakeGuard#identity}), so a handshake costs one signature check, and nothing the request itself
 * carries is trusted. The identity goes into the session's user properties, which WebSocket 2.1 makes a
 * per-connection copy.
 *
 * <p>On a path configured to need no token, the identity is the {@code name} query parameter.
 */
public class IdentityConfigurator extends ServerEndpointConfig.Configurator {

    /** The application's guard, looked up on first use: the container makes configurators, not CDI. */
    private volatile HandshakeGuard guard;

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        String path = config.getPath();
        Handshake handshake = new Handshake(path, request.getRequestURI().getScheme() != null
                && request.getRequestURI().getScheme().matches("https|wss"),
                name -> headerValues(request, name), request.getParameterMap(), null);
        Identity identity;
        if (guard().settings().requiresToken(path)) {
            identity = guard().identity(handshake);
        } else {
            List<String> names = request.getParameterMap().get("name");
            identity = names == null || names.isEmpty() ? null : Identity.unverified(names.get(0));
        }
        if (identity != null) {
            config.getUserProperties().put(Identity.PROPERTY, identity);
        }
    }

    private HandshakeGuard guard() {
        if (guard == null) {
            guard = CDI.current().select(HandshakeGuard.class).get();
        }
        return guard;
    }

    private static List<String> headerValues(HandshakeRequest request, String name) {
        return request.getHeaders().entrySet().stream()
                .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }
}
