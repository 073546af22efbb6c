package dev.roomcast.health;

import dev.roomcast.registry.SessionRegistry;
import dev.roomcast.room.RoomStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;

/**
 * The node's health as JSON, served at {@code /health} by {@link HealthResource}:
 * {@code {"status":"UP","connections":3,"rooms":2,"broker":"redis","brokerReachable":true}}. Ready while the
 * node accepts connections and reaches its broker.
 */
@ApplicationScoped
public class HealthCheck {

    @Inject
    SessionRegistry registry;

    @Inject
    RoomStore rooms;

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
