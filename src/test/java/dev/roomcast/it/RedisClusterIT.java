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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis Cluster: two nodes reach a cluster of three masters, each with a replica, through
 * {@code redis-cluster://}; a room's keys live on whichever master holds its slot and the directory on
 * another. The master that holds the room is killed in the middle of a chat, the cluster promotes its
 * replica, and the nodes carry on with it: every message sent before, during and after the failover reaches
 * the other node once, in the order of their sequence numbers (a client resends, with its clientId, a send
 * answered {@code unavailable} meanwhile, as the page's client does; a resent message takes its place after
 * the ones sent before it was resent). Real processes: six Debian redis-servers in cluster mode.
 */
@Tag("standalone-only")
@Tag("own-servers")
class RedisClusterIT {

    static final String ROOM = "failover";

    @TempDir
    static Path folder;

    static final List<RedisServer> redis = new ArrayList<>();
    static RunnerProcess a;
    static RunnerProcess b;

    @BeforeAll
    static void start() throws Exception {
        for (int i = 0; i < 6; i++) {
            redis.add(RedisServer.clusterNode(folder.resolve("redis-" + i)));
        }
        RedisServer.createCluster(redis);
        String url = "redis-cluster://127.0.0.1:" + redis.get(0).port() + ",127.0.0.1:" + redis.get(1).port();
        Map<String, String> settings = Map.of("ROOMCAST_REDIS_TIMEOUT_SECONDS", "5");
        a = ClusterNode.start(folder, "a", url, settings);
        b = ClusterNode.start(folder, "b", url, settings);
    }

    @AfterAll
    static void stop() {
        ClusterNode.stopAll(Arrays.asList(a, b), redis);
    }

    @Test
    void aMasterFailoverInTheMiddleOfAChatLosesAndRepeatsNothing() throws Exception {
        try (ChatClient alice = ChatClient.connect(new ServerUnderTest(a.awaitUrl()), "alice");
             ChatClient bob = ChatClient.connect(new ServerUnderTest(b.awaitUrl()), "bob")) {
            alice.join(ROOM);
            bob.join(ROOM);
            alice.await("presence", Map.of("user", "bob", "event", "join"));
            // The directory, in a slot of its own, counts both nodes' users (bob's node lists him just after his
            // join, so node A may read the directory a moment before that).
            Eventually.await("both users listed in the directory", () -> {
                alice.send("{\"type\":\"rooms\"}");
                return alice.await("rooms", Map.of()).getJsonArray("rooms").getValuesAs(JsonObject.class).stream()
                        .map(room -> room.getString("room") + "=" + room.getInt("members")).toList();
            }, listed -> listed.equals(List.of(ROOM + "=2")));

            for (int i = 1; i <= 20; i++) {
                alice.post(ROOM, "before " + i, "b" + i);
            }
            alice.await("ack", Map.of("clientId", "b20"));
            RedisServer master = null;
            for (RedisServer node : redis) {
                if (node.servesSlotOf("roomcast:{" + ROOM + "}:meta")) {
                    master = node;
                }
            }
            assertTrue(master != null, "no master serves the room's slot");
            // What the master acknowledged has reached its replica (asynchronous replication, made sure here).
            assertEquals("1", master.cli("WAIT", "1", "5000").trim());

            master.kill();
            for (int i = 1; i <= 20; i++) {
                alice.post(ROOM, "after " + i, "a" + i); // wait in the nodes' buffers until the failover
            }
            Set<String> acked = new HashSet<>();
            while (acked.size() < 20) {
                JsonObject reply = alice.next();
                String clientId = reply.getString("clientId", "");
                if (reply.getString("type").equals("ack") && clientId.startsWith("a")) {
                    acked.add(clientId);
                } else if (reply.getString("type").equals("error") && reply.getString("code").equals("unavailable")) {
                    alice.post(ROOM, "after " + clientId.substring(1), clientId); // as the page's client does
                }
            }

            List<String> texts = bob.textsInSequence(40);
            List<String> before = new ArrayList<>();
            Set<String> after = new HashSet<>();
            for (int i = 1; i <= 20; i++) {
                before.add("before " + i);
                after.add("after " + i);
            }
            assertEquals(before, texts.subList(0, 20), "before the failover: all, in order");
            assertEquals(after, new HashSet<>(texts.subList(20, 40)), "during and after it: all, once: " + texts);
            System.out.println("after the failover, bob received: " + texts.subList(20, 40));
        }
    }
}
