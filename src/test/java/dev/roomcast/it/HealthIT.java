package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.roomcast.testing.ChatClient;
import dev.roomcast.testing.RoomcastSuite;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * {@code /health} on every runtime: readiness at {@code /health} and {@code /health/ready}, liveness at
 * {@code /health/live}, and the broker: none on one node, redis under {@code -Predis}. ClusterRedisRestartIT
 * checks the report of clustered nodes with Redis down.
 */
class HealthIT extends RoomcastSuite {

    @Test
    void reportsReadinessLivenessAndTheBroker() {
        for (String path : new String[] {"health", "health/ready", "health/live"}) {
            HttpResponse<String> response = server.get(path);
            assertEquals(200, response.statusCode(), path);
            assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null), path);
            assertEquals("application/json", response.headers().firstValue("Content-Type").orElse("")
                    .replaceAll(";.*", ""), path);
            JsonObject report = ChatClient.parse(response.body());
            assertEquals("UP", report.getString("status"), path);
            assertEquals(System.getProperty("roomcast.redis-url") == null ? "none" : "redis",
                    report.getString("broker"), path);
            assertEquals(true, report.getBoolean("brokerReachable"), path);
        }
        assertEquals(404, server.get("health/anything-else").statusCode());
        // A load balancer's check may also come with a trailing slash.
        assertEquals(200, server.get("health/").statusCode());
    }
}
