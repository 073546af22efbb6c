package dev.roomcast.health;

import dev.roomcast.registry.SessionRegistry;
import dev.roomcast.room.RoomStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;

/**
 * The node's health as JSON, served by the WAR's servlet and by the standalone runner:
 * {@code {"status":"UP","connections":3,"rooms":2,"broker":"redis","brokerReachable":true}}.
 *
 * <ul>
 *   <li>{@code /health/live}: 200 while the process serves. A node that has lost Redis still serves its
 *       connections and reconnects by itself, so it must not be restarted for that.</li>
 *   <li>{@code /health/ready} and {@code /health}: 503 while the node shuts down or cannot reach its broker,
 *       so that a load balancer sends new clients to the other nodes.</li>
 * </ul>
 */
@ApplicationScoped
public class HealthCheck {

    @Inject
    SessionRegistry registry;

    @Inject
    RoomStore rooms;

    /**
     * The HTTP status for {@code path}, the part of the request path after {@code /health} ({@code null},
     * {@code /ready} or {@code /live}); 404 for any other.
     */
    public int status(String path) {
        if ("/live".equals(path)) {
            return 200;
        }
        if (path == null || path.isEmpty() || "/".equals(path) || "/ready".equals(path)) {
            return isReady() ? 200 : 503;
        }
        return 404;
    }

    public boolean isReady() {
        return registry.isAccepting() && rooms.broker().reachable();
    }

    public String report() {
        RoomStore.Broker broker = rooms.broker();
        return Json.createObjectBuilder()
                .add("status", isReady() ? "UP" : "DOWN")
                .add("connections", registry.size())
                .add("rooms", rooms.size())
                .add("broker", broker.kind())
                .add("brokerReachable", broker.reachable())
                .build()
                .toString();
    }
}
