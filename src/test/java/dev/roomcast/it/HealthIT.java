package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.roomcast.testing.ChatClient;
import dev.roomcast.testing.RoomcastSuite;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * {@code /health} on every runtime: readiness at {@code /health} and {@code /health/ready}, liveness at
 * {@code /health/live}, with the broker a single node has (none). ClusterIT and ClusterRedisRestartIT check
 * the same report on clustered nodes, with Redis up and down.
 */
class HealthIT extends RoomcastSuite {

    @Test
    void reportsReadinessLivenessAndTheBroker() {
        for (String path : new String[] {"health", "health/ready", "health/live"}) {
            HttpResponse<String> response = server.get(path);
            assertEquals(200, response.statusCode(), path);
            assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null), path);
            JsonObject report = ChatClient.parse(response.body());
            assertEquals("UP", report.getString("status"), path);
            assertEquals("none", report.getString("broker"), path);
            assertEquals(true, report.getBoolean("brokerReachable"), path);
        }
        assertEquals(404, server.get("health/anything-else").statusCode());
    }
}
