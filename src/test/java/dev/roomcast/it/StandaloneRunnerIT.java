package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.testing.ServerUnderTest;
import dev.roomcast.testing.WsClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runtime-specific: the standalone runner as a user starts it, in its own JVM: it prints its URL, serves
 * the page and the endpoints on one port, and on SIGTERM closes every session with 1001 and exits 0.
 */
@Tag("standalone-only")
class StandaloneRunnerIT {

    private static final Pattern LISTENING = Pattern.compile("Roomcast is listening on (\\S+)");

    @Test
    void servesOnOnePortAndShutsDownCleanlyOnSigterm(@TempDir Path folder) throws Exception {
        Path output = folder.resolve("runner.out");
        Process process = launch(output, "--host", "127.0.0.1", "--port", "0");
        try {
            ServerUnderTest server = new ServerUnderTest(awaitUrl(output));

            assertEquals(200, server.get("").statusCode());
            assertTrue(server.get("").body().contains("ws/broadcast"), "index.html is served at /");
            assertEquals(404, server.get("WEB-INF/beans.xml").statusCode());
            assertEquals(200, server.get("health").statusCode());

            WsClient first = WsClient.connect(server.ws("ws/echo"));
            WsClient second = WsClient.connect(server.ws("ws/broadcast"));
            first.send("before shutdown");
            assertEquals("Message text was: before shutdown", first.next());

            process.destroy(); // SIGTERM
            assertEquals(1001, first.awaitClose().code());
            assertEquals(1001, second.awaitClose().code());
            assertTrue(process.waitFor(20, TimeUnit.SECONDS), "the runner exits after SIGTERM");
            assertEquals(0, process.exitValue());
            awaitLine(output, "Roomcast stopped");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void refusesABadPortWithUsage(@TempDir Path folder) throws Exception {
        Process process = launch(folder.resolve("runner.out"), "--port", "eighty");
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue());
        awaitLine(folder.resolve("runner.out"), "usage: roomcast");
    }

    /** Starts the runner in a JVM of its own; its output goes to a file, which outlives the process. */
    private static Process launch(Path output, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.roomcast.standalone.Main"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }

    private static URI awaitUrl(Path output) throws Exception {
        Matcher matcher = LISTENING.matcher(awaitLine(output, "Roomcast is listening on"));
        assertTrue(matcher.find());
        return URI.create(matcher.group(1));
    }

    /** Waits up to a minute for a line of {@code output} that contains {@code text}. */
    private static String awaitLine(Path output, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        List<String> lines = List.of();
        while (System.nanoTime() < deadline) {
            lines = Files.exists(output) ? Files.readAllLines(output) : List.of();
            for (String line : lines) {
                if (line.contains(text)) {
                    return line;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the runner did not print '" + text + "' within a minute; it printed " + lines);
    }
}
