package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.testing.ChatClient;
import dev.roomcast.testing.ClusterNode;
import dev.roomcast.testing.Eventually;
import dev.roomcast.testing.RedisServer;
import dev.roomcast.testing.RunnerProcess;
import dev.roomcast.testing.ServerUnderTest;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runtime-specific only because it needs settings of its own (rooms forgotten after a few idle seconds) and
 * reads the node's heap from outside: 100,000 rooms are created (a join, a message, a leave each) and
 * abandoned. A node forgets them, and its heap after a full GC comes back to what it was before; in Redis
 * every key of 20,000 such rooms expires. A forgotten room that is used again starts a new epoch, so a client resuming
 * into it is told {@code reset}.
 */
@Tag("standalone-only")
@Tag("own-servers")
class RoomExpiryIT {

    private static final int ROOMS = 100_000;
    /**
     * Fewer through Redis: expiry is each key's own TTL, the same for any number of rooms, and every room there
     * costs two Lua scripts a join and two a leave (presence, then the directory): 100,000 took two minutes of
     * CI's 45.
     */
    private static final int REDIS_ROOMS = 20_000;
    private static final int CLIENTS = 8;
    /**
     * Rooms each client has asked for and not yet been answered {@code joined} in: keeps the node's queues
     * short. ({@code left} is no measure: it answers at once, while the room's own work still waits for Redis;
     * the default rate limit is what keeps a real client from running ahead like this.)
     */
    private static final int WINDOW = 20;
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // a failed run leaves the node's log behind
    static Path folder;

    @Test
    void aSingleNodeForgetsAbandonedRoomsAndItsHeapComesBack() throws Exception {
        Map<String, String> environment = settings(null);
        environment.put("ROOMCAST_ROOM_IDLE_SECONDS", "2");
        try (RunnerProcess node = RunnerProcess.start(folder.resolve("memory.out"), environment,
                "--host", "127.0.0.1", "--port", "0")) {
            ServerUnderTest server = new ServerUnderTest(node.awaitUrl());
            String epoch = abandon(server, "warm", 2_000); // every code path loaded before the baseline
            awaitRooms(server, 0);
            long baseline = heapAfterGc(node);

            abandon(server, "many", ROOMS);
            long grown = heapAfterGc(node);
            awaitRooms(server, 0);
            long after = heapAfterGc(node);
            assertTrue(after < baseline + 16 * 1024, "heap after GC: " + baseline + " KiB before, " + grown
                    + " KiB with the rooms, " + after + " KiB once they were forgotten");

            try (ChatClient back = ChatClient.connect(server, "returner")) {
                JsonObject joined = back.resume("warm-0", 1, epoch);
                assertEquals("reset", joined.getString("replay"), joined.toString());
                assertEquals("epoch_changed", joined.getString("reason"));
            }
        }
    }

    @Test
    void aClusteredNodesRoomsExpireInRedis() throws Exception {
        try (RedisServer redis = RedisServer.startInMemory(folder)) {
            Map<String, String> environment = settings(redis.url());
            // Longer than the single node's: under this flood of rooms a post can wait seconds for Redis, and a
            // room must not expire between its join and its post.
            environment.put("ROOMCAST_ROOM_IDLE_SECONDS", "10");
            try (RunnerProcess node = RunnerProcess.start(folder.resolve("clustered.out"), environment,
                    "--host", "127.0.0.1", "--port", "0")) {
                ServerUnderTest server = new ServerUnderTest(node.awaitUrl());
                abandon(server, "kept", REDIS_ROOMS);
                assertTrue(Long.parseLong(redis.command("DBSIZE").substring(1)) > 0, "the rooms are in Redis");
                awaitRooms(server, 0);
                // The one key a running node keeps: the node list (its figures, for /api/nodes and the console).
                Eventually.await("no key of the abandoned rooms left in Redis", Duration.ofSeconds(60), () -> {
                    try {
                        return Long.parseLong(redis.command("DBSIZE").substring(1))
                                - Long.parseLong(redis.command("EXISTS", "roomcast-nodes").substring(1));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, keys -> keys == 0);
            }
        }
    }

    /** The test runtime's settings (so that test tokens are valid), without limits in the way. */
    private static Map<String, String> settings(String redisUrl) {
        Map<String, String> environment = ClusterNode.environment(redisUrl == null ? "" : redisUrl);
        if (redisUrl == null) {
            environment.remove("ROOMCAST_REDIS_URL");
        }
        environment.put("ROOMCAST_RATE_PER_SECOND", "1000000");
        environment.put("ROOMCAST_RATE_BURST", "1000000");
        // No webhooks: with no receiver listening, the node would hold the abandoned rooms' 400,000 events in its
        // webhook queue (bounded at webhook-queue-limit, and retried for webhook-max-age-seconds), which is memory
        // the queue is meant to take, not memory the rooms leave behind.
        environment.remove("ROOMCAST_WEBHOOK_URL");
        return environment;
    }

    /** Creates {@code count} rooms named {@code prefix-N}: joins each, posts in it, leaves; returns an epoch. */
    private static String abandon(ServerUnderTest server, String prefix, int count) throws Exception {
        List<CompletableFuture<String>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int first = c;
            clients.add(CompletableFuture.supplyAsync(() -> {
                ChatClient client = ChatClient.connect(server, "creator" + first);
                try (client) {
                    String epoch = null;
                    int sent = 0;
                    int joined = 0;
                    int left = 0;
                    for (int room = first; room < count; room += CLIENTS) {
                        String name = prefix + "-" + room;
                        client.send("{\"type\":\"join\",\"room\":\"" + name + "\"}");
                        client.send("{\"type\":\"send\",\"room\":\"" + name + "\",\"text\":\"hello " + name + "\"}");
                        client.send("{\"type\":\"leave\",\"room\":\"" + name + "\"}");
                        sent++;
                        while (sent - joined >= WINDOW) {
                            JsonObject next = client.next();
                            epoch = next.getString("epoch", epoch);
                            joined += next.getString("type").equals("joined") ? 1 : 0;
                            left += next.getString("type").equals("left") ? 1 : 0;
                        }
                    }
                    while (left < sent) {
                        left += client.next().getString("type").equals("left") ? 1 : 0;
                    }
                    return epoch;
                } catch (RuntimeException e) {
                    throw new AssertionError("creator" + first + ": " + client.socket().awaitClose(), e);
                }
            }));
        }
        String epoch = null;
        for (CompletableFuture<String> client : clients) {
            epoch = client.get(5, TimeUnit.MINUTES);
        }
        return epoch;
    }

    private static void awaitRooms(ServerUnderTest server, int expected) {
        Eventually.await(expected + " rooms held by the node", Duration.ofSeconds(60),
                () -> ChatClient.parse(server.get("health").body()).getInt("rooms"), rooms -> rooms == expected);
    }

    /** The node's used heap after a full collection, in KiB, read with the JDK's jcmd. */
    private static long heapAfterGc(RunnerProcess node) throws Exception {
        jcmd(node, "GC.run");
        long used = 0;
        for (String line : jcmd(node, "GC.heap_info").lines().toList()) {
            Matcher matcher = USED.matcher(line);
            if (matcher.find() && !line.contains("Metaspace") && !line.contains("class space")) {
                used += Long.parseLong(matcher.group(1));
            }
        }
        return used;
    }

    private static String jcmd(RunnerProcess node, String command) throws Exception {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(node.process().pid()), command).redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(jcmd.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, jcmd.exitValue(), output);
        return output;
    }
}
