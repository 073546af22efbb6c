package dev.roomcast.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The standalone runner in a JVM of its own, started as a user starts it. Its output goes to a file, which
 * outlives the process (a pipe can close under a reader when the process exits).
 */
public final class RunnerProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("Roomcast is listening on (\\S+)");

    private final Process process;
    private final Path output;

    private RunnerProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    public static RunnerProcess start(Path output, String... args) throws IOException {
        return start(output, Map.of(), args);
    }

    /** Starts the runner with {@code environment} added to this JVM's, e.g. {@code ROOMCAST_JWT_SECRET}. */
    public static RunnerProcess start(Path output, Map<String, String> environment, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.roomcast.standalone.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        return new RunnerProcess(process, output);
    }

    /** A loopback port that is free now, for a server that must come back on the same port. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public Process process() {
        return process;
    }

    /** Waits for the runner to print its URL and returns it. */
    public URI awaitUrl() throws Exception {
        Matcher matcher = LISTENING.matcher(awaitLine("Roomcast is listening on"));
        assertTrue(matcher.find());
        return URI.create(matcher.group(1));
    }

    /**
     * The last {@code lines} lines of the runner's output, for a test's own output (which CI prints when a test
     * fails), since the file goes with the test's folder.
     */
    public String tail(int lines) {
        try {
            List<String> all = Files.exists(output) ? Files.readAllLines(output) : List.of();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** Waits up to a minute for a line of output that contains {@code text}. */
    public String awaitLine(String text) throws Exception {
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

    /** SIGTERM, then waits for the exit and returns its status. */
    public int stop() throws InterruptedException {
        process.destroy();
        assertTrue(process.waitFor(20, TimeUnit.SECONDS), "the runner exits after SIGTERM");
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
