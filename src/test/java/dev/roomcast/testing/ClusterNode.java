package dev.roomcast.testing;

import dev.roomcast.config.SettingReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A standalone runner started as one node of a cluster: its own JVM, the test runtime's settings (so that
 * {@link TestTokens} are valid on it), a short presence TTL, and {@code ROOMCAST_REDIS_URL}.
 */
public final class ClusterNode {

    /** Seconds a crashed node's presence entries outlive it; short, so that tests wait little. */
    public static final int PRESENCE_TTL_SECONDS = 3;

    private static final Set<String> TEST_ONLY = Set.of("roomcast.war", "roomcast.runtime", "roomcast.test.settings",
            "roomcast.screenshots");

    private ClusterNode() {
    }

    public static RunnerProcess start(Path folder, String name, String redisUrl) throws Exception {
        return start(folder, name, redisUrl, Map.of());
    }

    /** As {@link #start(Path, String, String)}, with {@code settings} (environment names) added. */
    public static RunnerProcess start(Path folder, String name, String redisUrl, Map<String, String> settings)
            throws Exception {
        Map<String, String> environment = environment(redisUrl);
        environment.putAll(settings);
        return RunnerProcess.start(folder.resolve(name + ".out"), environment, "--host", "127.0.0.1", "--port", "0");
    }

    /**
     * Prints the last lines of each node's output (the test's own output, which CI shows when it fails), then
     * stops the nodes and {@code redis} processes, each whatever became of the others; nulls (never started)
     * are passed over.
     */
    public static void stopAll(List<RunnerProcess> nodes, List<? extends AutoCloseable> redis) {
        List<AutoCloseable> running = new ArrayList<>();
        for (RunnerProcess node : nodes) {
            if (node != null) {
                System.out.println("---- the last lines of a node's output\n" + node.tail(60));
                running.add(node);
            }
        }
        running.addAll(redis);
        for (AutoCloseable process : running) {
            try {
                if (process != null) {
                    process.close();
                }
            } catch (Exception ignored) {
                // the others still stop
            }
        }
    }

    public static Map<String, String> environment(String redisUrl) {
        Map<String, String> environment = testSettings();
        environment.put("ROOMCAST_REDIS_URL", redisUrl);
        environment.put("ROOMCAST_PRESENCE_TTL_SECONDS", String.valueOf(PRESENCE_TTL_SECONDS));
        return environment;
    }

    /** The settings every runtime under test has (roomcast.test.settings), as a runner process's environment. */
    public static Map<String, String> testSettings() {
        Map<String, String> environment = new HashMap<>();
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith("roomcast.") && !TEST_ONLY.contains(name))
                .forEach(name -> environment.put(SettingReader.environmentName(name.substring("roomcast.".length())),
                        System.getProperty(name)));
        return environment;
    }
}
