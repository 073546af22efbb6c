package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.testing.ApiClient;
import dev.roomcast.testing.ChatClient;
import dev.roomcast.testing.ClusterNode;
import dev.roomcast.testing.Eventually;
import dev.roomcast.testing.RawWebSocket;
import dev.roomcast.testing.RunnerProcess;
import dev.roomcast.testing.ServerUnderTest;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner's log as an operator ships it ({@code ROOMCAST_LOG_FORMAT=json}): one JSON object per line; a line
 * per refused handshake with its reason, rate-limited so that a flood of bad handshakes cannot fill a disk; a line
 * per connection Roomcast closed for a reason of its own, with the connection, user and rooms.
 */
@Tag("standalone-only")
@Tag("own-servers")
class LogsIT {

    private static final int FLOOD = 120;
    /** The runner's own lines on standard output, which scripts and tests read; everything logged is JSON. */
    private static final Set<String> PLAIN = Set.of("Roomcast is listening on", "Development tokens:", "Roomcast stopped");

    @TempDir
    Path folder;

    @Test
    void everyLineIsJsonAndRefusedHandshakesAreLoggedWithTheirReasonAtABoundedRate() throws Exception {
        Path output = folder.resolve("runner.out");
        long floodMillis;
        try (RunnerProcess runner = RunnerProcess.start(output, Map.of("ROOMCAST_LOG_FORMAT", "json",
                "ROOMCAST_HANDSHAKES_PER_SECOND", "100000", "ROOMCAST_HANDSHAKE_BURST", "100000"), "--dev", "--port", "0")) {
            URI echo = runner.awaitUrl().resolve("ws/echo");
            URI ws = URI.create(echo.toString().replace("http", "ws"));
            long start = System.nanoTime();
            for (int i = 0; i < FLOOD; i++) {
                try (RawWebSocket refused = RawWebSocket.open(ws, Map.of("Origin", "http://evil.example"))) {
                    assertEquals(403, refused.status());
                }
            }
            floodMillis = (System.nanoTime() - start) / 1_000_000;
            Eventually.pause(1_100); // the log's bucket fills again
            try (RawWebSocket refused = RawWebSocket.open(ws, Map.of("Origin", "http://evil.example"))) {
                assertEquals(403, refused.status());
            }
            // After the pause the log's bucket is full, so the last refusal has a line of its own; whether the flood's
            // own last one had a line depends on how fast the flood went, so only the total is awaited.
            Eventually.await("the last refusal logged", () -> accounted(refusals(output)) == FLOOD + 1);
            assertEquals(0, runner.stop(), "stopped cleanly");
        }

        List<JsonObject> refusals = refusals(output);
        JsonObject first = refusals.get(0);
        assertEquals("handshake_refused", first.getString("event"));
        assertEquals("origin", first.getString("reason"));
        assertEquals(403, first.getInt("status"));
        assertEquals("/ws/echo", first.getString("path"));
        assertEquals("127.0.0.1", first.getString("address"));
        assertEquals("INFO", first.getString("level"));
        assertTrue(first.getString("message").contains("http://evil.example"), first.toString());
        assertTrue(first.containsKey("node") && first.containsKey("time") && first.containsKey("logger"), first.toString());
        long bound = 20 + 10 * (floodMillis / 1000 + 1) + 1;
        assertTrue(refusals.size() < FLOOD && refusals.size() <= bound, refusals.size() + " lines for " + (FLOOD + 1)
                + " refusals in " + floodMillis + " ms: at most " + bound);
        assertEquals(FLOOD + 1, accounted(refusals), "every refusal logged or counted as left out");
    }

    /** Refusals logged, and those the lines say were left out. */
    private static int accounted(List<JsonObject> refusals) {
        return refusals.size() + refusals.stream().mapToInt(line -> line.getInt("skipped", 0)).sum();
    }

    /** A close that is Roomcast's decision about a user is a line with the connection, the user and its rooms. */
    @Test
    void aConnectionClosedByTheApplicationIsLoggedWithItsUserAndRooms() throws Exception {
        Path output = folder.resolve("runner.out");
        Map<String, String> settings = ClusterNode.testSettings();
        settings.put("ROOMCAST_LOG_FORMAT", "json");
        try (RunnerProcess runner = RunnerProcess.start(output, settings, "--port", "0")) {
            ServerUnderTest server = new ServerUnderTest(runner.awaitUrl());
            try (ChatClient logged = ChatClient.connect(server, "logged")) {
                logged.join("logs-b");
                logged.join("logs-a");
                ApiClient.of(server).postJson("users/logged/disconnect", "{\"reason\":\"spam {0} 'quoted'\"}");
                assertEquals(4003, logged.socket().awaitClose().code());
            }
            JsonObject line = Eventually.await("the close logged", () -> lines(output, "connection_closed"),
                    found -> !found.isEmpty()).get(0);
            assertEquals(4003, line.getInt("code"));
            assertEquals("spam {0} 'quoted'", line.getString("reason"), "a brace or quote in it is text, not a format");
            assertEquals("logged", line.getString("user"));
            assertEquals(List.of("logs-a", "logs-b"), line.getJsonArray("rooms").getValuesAs(JsonString::getString));
            assertEquals("127.0.0.1", line.getString("address"));
            assertTrue(!line.getString("connection").isEmpty() && line.getString("message").contains("logged"), line.toString());
            assertEquals(0, runner.stop(), "stopped cleanly");
        }
    }

    private static List<JsonObject> refusals(Path output) {
        return lines(output, "handshake_refused");
    }

    /** Parses every line of the runner's output (failing on one that is neither JSON nor one of its plain lines). */
    private static List<JsonObject> lines(Path output, String event) {
        List<JsonObject> refusals = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(output)) {
                if (PLAIN.stream().anyMatch(line::startsWith)) {
                    continue;
                }
                JsonObject object = Json.createReader(new StringReader(line)).readObject();
                if (event.equals(object.getString("event", null))) {
                    refusals.add(object);
                }
            }
        } catch (Exception e) {
            throw new AssertionError("a line of the runner's output is not JSON", e);
        }
        return refusals;
    }
}
