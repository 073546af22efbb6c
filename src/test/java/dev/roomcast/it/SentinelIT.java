package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.roomcast.testing.ChatClient;
import dev.roomcast.testing.ClusterNode;
import dev.roomcast.testing.RedisServer;
import dev.roomcast.testing.RunnerProcess;
import dev.roomcast.testing.ServerUnderTest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis high availability with Sentinel: two nodes reach Redis through a Sentinel ({@code redis-sentinel://}),
 * the master is killed in the middle of a chat, the Sentinel promotes its replica, and the nodes carry on with
 * it: every message sent before, during and after the failover reaches the other node once and in order, as
 * long as the replica had what the old master acknowledged (docs/PERFORMANCE.md says what a failover can lose
 * otherwise, and how the nodes notice). Real processes: Debian's redis-server as master, replica and Sentinel.
 */
@Tag("standalone-only")
@Tag("own-servers")
class SentinelIT {

    static final String MASTER_NAME = "roomcast";

    @TempDir
    static Path folder;

    static RedisServer master;
    static RedisServer replica;
    static RedisServer sentinel;
    static RunnerProcess a;
    static RunnerProcess b;

    @BeforeAll
    static void start() throws Exception {
        master = RedisServer.startInMemory(folder.resolve("master"));
        replica = RedisServer.replicaOf(folder.resolve("replica"), master);
        sentinel = RedisServer.sentinel(folder.resolve("sentinel"), master, MASTER_NAME);
        String url = "redis-sentinel://127.0.0.1:" + sentinel.port() + "#" + MASTER_NAME;
        a = ClusterNode.start(folder, "a", url);
        b = ClusterNode.start(folder, "b", url);
    }

    @AfterAll
    static void stop() {
        ClusterNode.stopAll(Arrays.asList(a, b), Arrays.asList(sentinel, replica, master));
    }

    @Test
    void aMasterFailoverInTheMiddleOfAChatLosesAndRepeatsNothing() throws Exception {
        try (ChatClient alice = ChatClient.connect(new ServerUnderTest(a.awaitUrl()), "alice");
             ChatClient bob = ChatClient.connect(new ServerUnderTest(b.awaitUrl()), "bob")) {
            alice.join("failover");
            bob.join("failover");
            alice.await("presence", Map.of("user", "bob", "event", "join"));
            for (int i = 1; i <= 20; i++) {
                alice.post("failover", "before " + i, "b" + i);
            }
            alice.await("ack", Map.of("clientId", "b20"));
            // What the master acknowledged has reached the replica (asynchronous replication, made sure here).
            assertEquals(":1", master.command("WAIT", "1", "5000"));

            master.kill();
            for (int i = 1; i <= 20; i++) {
                alice.post("failover", "after " + i, "a" + i); // wait in the nodes' buffers until the failover
            }

            List<String> texts = bob.textsInSequence(40);
            List<String> expected = new ArrayList<>();
            for (int i = 1; i <= 20; i++) {
                expected.add("before " + i);
            }
            for (int i = 1; i <= 20; i++) {
                expected.add("after " + i);
            }
            assertEquals(expected, texts);
            alice.await("ack", Map.of("clientId", "a20"));
            // ROLE answers three items for a master, five for a replica.
            assertEquals("*3", replica.command("ROLE"), "the replica is the master now");
        }
    }
}
