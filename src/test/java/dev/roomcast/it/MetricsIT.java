package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.testing.ApiClient;
import dev.roomcast.testing.ChatClient;
import dev.roomcast.testing.RawWebSocket;
import dev.roomcast.testing.RoomcastSuite;
import dev.roomcast.testing.WsClient;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} on every runtime: protected like the server API, in Prometheus's text format, counting what
 * happens, and carrying every metric the Grafana dashboard in docs/ reads.
 */
class MetricsIT extends RoomcastSuite {

    /** Metric names in the dashboard's queries. */
    static final Pattern METRIC = Pattern.compile("\\b((?:roomcast|jvm|process|lettuce)_[a-z0-9_]+)");
    /** Metrics only a clustered node has. */
    static final Set<String> CLUSTERED_ONLY = Set.of("roomcast_redis_reconnects_total",
            "lettuce_command_completion_seconds_sum", "lettuce_command_completion_seconds_count");

    @Test
    void metricsNeedTheApiCredentialOnceTheApiHasOne() {
        HttpResponse<String> anonymous = server.get("metrics");
        assertEquals(401, anonymous.statusCode(), anonymous.body());
        assertEquals("Bearer", anonymous.headers().firstValue("WWW-Authenticate").orElse(null));
        HttpResponse<String> scraped = scrape();
        assertTrue(scraped.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"),
                scraped.headers().toString());
    }

    @Test
    void connectionsAndRefusedHandshakesAreCounted() throws IOException {
        // Counted from zero from the start, whatever the runtime has seen of handshakes yet.
        double refusedBefore = value(scrape().body(), "roomcast_handshakes_refused_total{reason=\"token\"}");
        try (ChatClient alice = ChatClient.connect(server, "alice")) {
            alice.join(ChatProtocolIT.room());
            String metrics = scrape().body();
            assertTrue(value(metrics, "roomcast_connections{endpoint=\"chat\"}") >= 1, metrics);
            assertTrue(value(metrics, "roomcast_messages_received_total{endpoint=\"chat\"}") >= 1, metrics);
            assertTrue(value(metrics, "roomcast_rooms") >= 1, metrics);
        }
        try (RawWebSocket refused = RawWebSocket.open(server.ws("ws/chat"),
                Map.of("Origin", WsClient.originOf(server.ws("ws/chat"))))) {
            assertEquals(401, refused.status());
        }
        assertEquals(refusedBefore + 1, value(scrape().body(), "roomcast_handshakes_refused_total{reason=\"token\"}"));
    }

    @Test
    void everyMetricTheDashboardReadsIsServed() throws IOException {
        String dashboard = Files.readString(Path.of("docs", "grafana-dashboard.json"));
        Set<String> used = new TreeSet<>();
        Matcher names = METRIC.matcher(dashboard);
        while (names.find()) {
            used.add(names.group(1));
        }
        assertTrue(used.size() > 15, used.toString());
        boolean clustered = System.getProperty("roomcast.redis-url") != null;
        String metrics = scrape().body();
        for (String name : used) {
            if (!clustered && CLUSTERED_ONLY.contains(name)) {
                continue;
            }
            assertTrue(Pattern.compile("(?m)^" + name + "[{ ]").matcher(metrics).find(),
                    "the dashboard reads " + name + ", which /metrics does not have");
        }
    }

    private HttpResponse<String> scrape() {
        HttpResponse<String> response = server.get("metrics", Map.of("X-API-Key", ApiClient.key(0)));
        assertEquals(200, response.statusCode(), response.body());
        return response;
    }

    /** The value of the series written exactly as {@code series} (name and labels). */
    private static double value(String metrics, String series) {
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        assertTrue(line.find(), "no " + series + " in /metrics");
        return Double.parseDouble(line.group(1));
    }
}
