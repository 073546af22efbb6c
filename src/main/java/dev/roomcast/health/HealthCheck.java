package dev.roomcast.health;

import dev.roomcast.registry.SessionRegistry;
import dev.roomcast.room.RoomStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * The node's health, served at {@code /health} by {@link HealthResource}. Ready while the node accepts
 * connections and reaches its broker.
 */
@ApplicationScoped
public class HealthCheck {

    /**
     * One reading, as JSON {@code {"status":"UP","connections":3,"rooms":2,"broker":"redis","brokerReachable":true}}:
     * the status code and the body that report it come from the same reading, so they cannot disagree.
     */
    @JsonbPropertyOrder({"status", "connections", "rooms", "broker", "brokerReachable"})
    public record Report(String status, int connections, int rooms, String broker, boolean brokerReachable) {
    }

    static final String UP = "UP";

    @Inject
    SessionRegistry registry;

    @Inject
    RoomStore rooms;

    public Report report() {
        RoomStore.Broker broker = rooms.broker();
        boolean reachable = broker.reachable();
        boolean ready = registry.isAccepting() && reachable;
        return new Report(ready ? UP : "DOWN", registry.size(), rooms.size(), broker.kind(), reachable);
    }
}
