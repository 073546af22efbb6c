package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.testing.ApiClient;
import dev.roomcast.testing.ChatClient;
import dev.roomcast.testing.Eventually;
import dev.roomcast.testing.Prometheus;
import dev.roomcast.testing.RoomcastSuite;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard in docs/, proven against a real Prometheus scraping the server under test while the test
 * holds chat connections open and one of them posts: every panel's PromQL expression, evaluated through
 * Prometheus's HTTP API, returns at least one series with a plausible value. This stands where a screenshot of
 * Grafana would, which cannot be installed here.
 */
class PrometheusDashboardIT extends RoomcastSuite {

    private static final int HELD = 5;
    /** Panels of a clustered node only: Redis's reconnects and Lettuce's command latencies. */
    private static final Set<String> CLUSTERED_ONLY = Set.of("roomcast_redis_reconnects_total",
            "lettuce_command_completion_seconds");

    @TempDir
    Path folder;

    @Test
    void everyPanelsQueryReturnsAPlausibleSeries() throws Exception {
        List<String> queries = queries(Path.of("docs", "grafana-dashboard.json"));
        assertTrue(queries.size() >= 20, queries.toString());
        boolean clustered = System.getProperty("roomcast.redis-url") != null;
        String room = "dash-" + UUID.randomUUID().toString().substring(0, 8);
        List<ChatClient> clients = new ArrayList<>();
        AtomicBoolean posting = new AtomicBoolean(true);
        Thread poster = null;
        try (Prometheus prometheus = Prometheus.scraping(folder, server, ApiClient.key(0))) {
            for (int i = 0; i < HELD; i++) {
                ChatClient client = ChatClient.connect(server, "dash" + i);
                client.join(room);
                clients.add(client);
            }
            ChatClient sender = clients.get(0);
            poster = new Thread(() -> {
                for (int n = 0; posting.get(); n++) {
                    sender.post(room, "tick " + n);
                    Eventually.pause(100);
                }
            });
            poster.start();
            Eventually.await("Prometheus has scraped the server for 5 s", Duration.ofSeconds(60),
                    () -> prometheus.query("count_over_time(up{job=\"roomcast\"}[1m]) >= 6 and up == 1").size(),
                    series -> series == 1);

            List<JsonObject> chat = Eventually.await("the chat connections the test holds", Duration.ofSeconds(30),
                    () -> prometheus.query(panel(queries, "roomcast_connections")), result -> result.stream()
                            .anyMatch(series -> "chat".equals(series.getJsonObject("metric").getString("endpoint", ""))
                                    && Prometheus.value(series) == HELD));
            assertFalse(chat.isEmpty());
            double delivered = Prometheus.value(prometheus.query(panel(queries, "roomcast_messages_delivered_total")).get(0));
            assertTrue(delivered > 0, "deliveries per second while messages flow: " + delivered);
            double users = Prometheus.value(prometheus.query(panel(queries, "roomcast_users")).get(0));
            assertTrue(users >= HELD, "users: " + users);

            for (String query : queries) {
                if (!clustered && CLUSTERED_ONLY.stream().anyMatch(query::contains)) {
                    continue;
                }
                List<JsonObject> result = prometheus.query(query);
                assertFalse(result.isEmpty(), "no series for " + query);
                for (JsonObject series : result) {
                    double value = Prometheus.value(series);
                    assertTrue(!Double.isNaN(value) && value >= 0, query + " gave " + series);
                }
            }
            assertEquals(1.0, Prometheus.value(prometheus.query(panel(queries, "roomcast_broker_up")).get(0)),
                    "the broker is up");
        } finally {
            posting.set(false);
            if (poster != null) {
                poster.join(5_000);
            }
            clients.forEach(ChatClient::close);
        }
    }

    /** Every panel's expression, with the dashboard's instance variable matching any instance. */
    private static List<String> queries(Path dashboard) throws Exception {
        List<String> queries = new ArrayList<>();
        collect(Json.createReader(new StringReader(Files.readString(dashboard))).readValue(), queries);
        return queries.stream().map(query -> query.replace("$instance", ".+")).toList();
    }

    private static void collect(JsonValue value, List<String> queries) {
        if (value instanceof JsonObject object) {
            if (object.containsKey("expr")) {
                queries.add(object.getString("expr"));
            }
            object.values().forEach(child -> collect(child, queries));
        } else if (value instanceof JsonArray array) {
            array.forEach(child -> collect(child, queries));
        }
    }

    private static String panel(List<String> queries, String metric) {
        return queries.stream().filter(query -> query.contains(metric + "{")).findFirst()
                .orElseThrow(() -> new AssertionError("no panel reads " + metric));
    }
}
