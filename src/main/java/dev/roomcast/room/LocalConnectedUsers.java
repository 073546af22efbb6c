package dev.roomcast.room;

import dev.roomcast.backend.BackendEvent;
import dev.roomcast.backend.BackendEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ConnectedUsers} of a node alone: a count of connections per user, reported at its first and its last.
 */
@ApplicationScoped
@Typed(LocalConnectedUsers.class) // injected as ConnectedUsers only when no broker is configured
public class LocalConnectedUsers implements ConnectedUsers {

    private final Map<String, Integer> connectionsByUser = new ConcurrentHashMap<>();

    @Inject
    BackendEvents events;

    @Override
    public void connected(String user) {
        if (connectionsByUser.merge(user, 1, Integer::sum) == 1) {
            events.report(BackendEvent.ofUser(BackendEvent.USER_CONNECTED, user));
        }
    }

    @Override
    public void disconnected(String user) {
        if (connectionsByUser.computeIfPresent(user, (name, count) -> count > 1 ? count - 1 : null) == null) {
            events.report(BackendEvent.ofUser(BackendEvent.USER_DISCONNECTED, user));
        }
    }
}
