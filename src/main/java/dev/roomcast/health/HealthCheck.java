package dev.roomcast.health;

import dev.roomcast.registry.SessionRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;

/**
 * The node's health as JSON, served at {@code /health} by the WAR's servlet and by the standalone runner:
 * {@code {"status":"UP","connections":3}}. A node that is shutting down reports {@code DOWN}, so that a
 * load balancer stops sending it new clients.
 */
@ApplicationScoped
public class HealthCheck {

    @Inject
    SessionRegistry registry;

    public boolean isUp() {
        return registry.isAccepting();
    }

    public String report() {
        return Json.createObjectBuilder()
                .add("status", isUp() ? "UP" : "DOWN")
                .add("connections", registry.size())
                .build()
                .toString();
    }
}
