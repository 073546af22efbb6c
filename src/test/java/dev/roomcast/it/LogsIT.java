package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.testing.Eventually;
import dev.roomcast.testing.RawWebSocket;
import dev.roomcast.testing.RunnerProcess;
import jakarta.json.Json;
import jakarta.json.JsonObject;
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
 * The runner's log as an operator ships it ({@code ROOMCAST_LOG_FORMAT=json}): one JSON object per line, and a line
 * per refused handshake with its reason, rate-limited so that a flood of bad handshakes cannot fill a disk.
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
            Eventually.await("the last refusal logged", () -> refusals(output).stream()
                    .anyMatch(line -> line.containsKey("skipped")));
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
        JsonObject last = refusals.get(refusals.size() - 1);
        assertEquals(FLOOD + 1, refusals.size() + last.getInt("skipped") + refusals.stream().limit(refusals.size() - 1)
                .mapToInt(line -> line.getInt("skipped", 0)).sum(), "every refusal logged or counted as left out");
    }

    /** Parses every line of the runner's output (failing on one that is neither JSON nor one of its plain lines). */
    private static List<JsonObject> refusals(Path output) {
        List<JsonObject> refusals = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(output)) {
                if (PLAIN.stream().anyMatch(line::startsWith)) {
                    continue;
                }
                JsonObject object = Json.createReader(new StringReader(line)).readObject();
                if ("handshake_refused".equals(object.getString("event", null))) {
                    refusals.add(object);
                }
            }
        } catch (Exception e) {
            throw new AssertionError("a line of the runner's output is not JSON", e);
        }
        return refusals;
    }
}
