package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.roomcast.client.RoomcastClient;
import dev.roomcast.testing.ChatClient;
import dev.roomcast.testing.ClusterNode;
import dev.roomcast.testing.Eventually;
import dev.roomcast.testing.RedisServer;
import dev.roomcast.testing.RunnerProcess;
import dev.roomcast.testing.ServerUnderTest;
import dev.roomcast.testing.TestTokens;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
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

    /**
     * Alice is a client that does what the protocol asks of one (the project's Java client): a post answered
     * {@code unavailable} is sent again, with its clientId. A node sends one sender's posts without waiting for each
     * other, so at the failover Redis may get them out of order (Lettuce retries what was in flight after what it
     * buffered); it refuses those, and the resends put them back in order.
     */
    @Test
    void aMasterFailoverInTheMiddleOfAChatLosesAndRepeatsNothing() throws Exception {
        ServerUnderTest nodeA = new ServerUnderTest(a.awaitUrl());
        try (RoomcastClient alice = RoomcastClient.builder(nodeA.ws("ws/chat")).tokens(() -> TestTokens.valid("alice"))
                .build();
             ChatClient bob = ChatClient.connect(new ServerUnderTest(b.awaitUrl()), "bob")) {
            List<JsonObject> joined = new CopyOnWriteArrayList<>();
            alice.on("joined", joined::add);
            alice.connect().toCompletableFuture().get(30, TimeUnit.SECONDS);
            alice.join("failover");
            Eventually.await("alice in the room", () -> !joined.isEmpty());
            bob.join("failover");
            for (int i = 1; i <= 20; i++) {
                alice.send("failover", "before " + i);
            }
            Eventually.await("every post before the failover acknowledged", () -> alice.pending()
                    .toCompletableFuture().join().isEmpty());
            // What the master acknowledged has reached the replica (asynchronous replication, made sure here).
            assertEquals(":1", master.command("WAIT", "1", "5000"));

            master.kill();
            for (int i = 1; i <= 20; i++) {
                alice.send("failover", "after " + i); // wait in the node's buffer until the failover
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
            Eventually.await("every post acknowledged", () -> alice.pending().toCompletableFuture().join().isEmpty());
            // ROLE answers three items for a master, five for a replica.
            assertEquals("*3", replica.command("ROLE"), "the replica is the master now");
        }
    }
}
