package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.testing.ApiClient;
import dev.roomcast.testing.ChatClient;
import dev.roomcast.testing.ClusterNode;
import dev.roomcast.testing.Eventually;
import dev.roomcast.testing.RawWebSocket;
import dev.roomcast.testing.RedisServer;
import dev.roomcast.testing.RunnerProcess;
import dev.roomcast.testing.ServerUnderTest;
import dev.roomcast.testing.TestTokens;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two standalone nodes sharing rooms through a real redis-server, each node in its own JVM: delivery across
 * nodes in order, a resume on the other node without loss or duplicates, cluster-wide presence that a
 * killed node's users leave by expiry, and a clear refusal to start without Redis. Runtime-specific only
 * because it starts runner processes; the WAR runs the same store.
 */
@Tag("standalone-only")
@Tag("own-servers")
class ClusterIT {

    @TempDir
    static Path folder;

    static RedisServer redis;
    static RunnerProcess a;
    static RunnerProcess b;
    static ServerUnderTest nodeA;
    static ServerUnderTest nodeB;

    @BeforeAll
    static void startCluster() throws Exception {
        redis = RedisServer.startInMemory(folder); // no test here restarts it: nothing waits on the disk
        a = ClusterNode.start(folder, "a", redis.url());
        b = ClusterNode.start(folder, "b", redis.url());
        nodeA = new ServerUnderTest(a.awaitUrl());
        nodeB = new ServerUnderTest(b.awaitUrl());
    }

    @AfterAll
    static void stopCluster() {
        ClusterNode.stopAll(Arrays.asList(a, b), Arrays.asList(redis));
    }

    @Test
    void aMessageSentOnOneNodeReachesTheOtherInOrder() {
        try (ChatClient alice = ChatClient.connect(nodeA, "alice");
             ChatClient bob = ChatClient.connect(nodeB, "bob")) {
            alice.join("order");
            long start = bob.join("order").getJsonNumber("seq").longValue();
            alice.await("presence", Map.of("user", "bob", "event", "join"));
            for (int i = 1; i <= 100; i++) {
                alice.post("order", "message " + i, "c" + i);
            }
            List<JsonObject> received = bob.collect("message", 100);
            for (int i = 1; i <= 100; i++) {
                JsonObject message = received.get(i - 1);
                assertEquals("message " + i, message.getString("text"));
                assertEquals(start + i, message.getJsonNumber("seq").longValue());
                assertEquals("alice", message.getString("user"));
            }
            // The sender hears each of its messages before that message's acknowledgement, as on a single node
            // (a later message may overtake an earlier acknowledgement: they travel on different connections).
            Set<Long> heard = new HashSet<>();
            int acknowledged = 0;
            while (acknowledged < 100) {
                JsonObject next = alice.next();
                long seq = next.getJsonNumber("seq").longValue();
                if (next.getString("type").equals("message")) {
                    heard.add(seq);
                } else {
                    acknowledged++;
                    assertEquals("c" + acknowledged, next.getString("clientId"), "acknowledged in order");
                    assertTrue(heard.contains(seq), "message " + seq + " arrived before its ack");
                }
            }
            assertEquals(200, nodeB.get("health").statusCode());
            assertTrue(nodeB.get("health").body().contains("\"broker\":\"redis\",\"brokerReachable\":true"),
                    nodeB.get("health").body());
        }
    }

    @Test
    void aClientCutOffFromOneNodeResumesOnTheOtherWithNothingLostOrRepeated() throws Exception {
        try (ChatClient dave = ChatClient.connect(nodeB, "dave");
             ChatClient carol = ChatClient.connect(nodeA, "carol")) {
            dave.join("relay");
            JsonObject first = carol.join("relay");
            String epoch = first.getString("epoch");
            long start = first.getJsonNumber("seq").longValue();
            int total = 300;
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                for (int i = 1; i <= total; i++) {
                    dave.post("relay", "d" + i, "d" + i);
                    Eventually.pause(5); // a steady sender
                }
            });
            long lastSeen = 0;
            for (JsonObject message : carol.collect("message", 40)) {
                lastSeen = message.getJsonNumber("seq").longValue();
            }
            carol.socket().abort(); // the network to node A is gone; dave keeps sending meanwhile

            try (ChatClient back = ChatClient.connect(nodeB, "carol")) {
                JsonObject joined = back.resume("relay", lastSeen, epoch);
                assertEquals("resume", joined.getString("replay"), joined.toString());
                List<Long> seqs = new ArrayList<>();
                Set<String> texts = new HashSet<>();
                String text = "";
                while (!text.equals("d" + total)) {
                    JsonObject message = back.expect("message");
                    seqs.add(message.getJsonNumber("seq").longValue());
                    text = message.getString("text");
                    assertTrue(texts.add(text), "delivered twice: " + text);
                }
                for (int i = 0; i < seqs.size(); i++) {
                    assertEquals(lastSeen + 1 + i, seqs.get(i), "consecutive after the resume point");
                }
                assertEquals(start + total, lastSeen + seqs.size(), "every message, once");
                back.expectNothingBefore(back, "relay");
            }
            sending.get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * A node hears a room's messages a little after Redis numbered them; a client that heard one on another
     * node and resumes here in that moment resumes, and the members here get that message too. Made certain
     * by a post numbered and logged by Roomcast's own script whose publication goes where no node listens.
     */
    @Test
    void aResumeIsCheckedAgainstTheRoomNotAgainstWhatThisNodeHasHeard() throws Exception {
        try (ChatClient dave = ChatClient.connect(nodeB, "dave")) {
            JsonObject joined = dave.join("lag");
            String epoch = joined.getString("epoch");
            long start = joined.getJsonNumber("seq").longValue();
            String prefix = "roomcast:{lag}:";
            Path script = Path.of("target/classes/dev/roomcast/cluster");
            String reply = redis.command("EVAL",
                    Files.readString(script.resolve("prelude.lua")) + Files.readString(script.resolve("post.lua")),
                    "6", prefix + "meta", prefix + "log", prefix + "ids", prefix + "here", prefix + "users",
                    prefix + "events", "unused-epoch", "unheard-1", "1000", "roomcast:nobody-listens",
                    "{\"user\":\"erin\",\"text\":\"heard on node A only\",\"ts\":\"2026-11-30T00:00:00Z\","
                            + "\"clientId\":\"e1\"}", "60000", "");
            assertEquals("*5", reply);

            try (ChatClient carol = ChatClient.connect(nodeB, "carol")) {
                JsonObject resumed = carol.resume("lag", start + 1, epoch);
                assertEquals("resume", resumed.getString("replay"), resumed.toString());
                assertEquals(start + 1, resumed.getJsonNumber("seq").longValue());
                JsonObject caughtUp = dave.collect("message", 1).get(0);
                assertEquals("heard on node A only", caughtUp.getString("text"));
                assertEquals(start + 1, caughtUp.getJsonNumber("seq").longValue());
                carol.expectNothingBefore(dave, "lag"); // nothing replayed twice
            }
        }
    }

    @Test
    void aMessageTheChannelLostIsFetchedFromTheLog() throws Exception {
        try (ChatClient alice = ChatClient.connect(nodeA, "alice");
             ChatClient bob = ChatClient.connect(nodeB, "bob")) {
            alice.join("gap");
            long start = bob.join("gap").getJsonNumber("seq").longValue();
            alice.await("presence", Map.of("user", "bob", "event", "join"));

            assertTrue(redis.killSubscriptions() >= 2, "both nodes' subscriptions cut");
            alice.post("gap", "while nobody listened", "g1"); // published to no subscriber at all
            JsonObject missed = bob.expect("message");
            assertEquals("while nobody listened", missed.getString("text"));
            assertEquals(start + 1, missed.getJsonNumber("seq").longValue());
            assertEquals("while nobody listened", alice.expect("message").getString("text"));
            assertEquals("g1", alice.expect("ack").getString("clientId"));

            alice.post("gap", "heard live again", "g2");
            JsonObject live = bob.expect("message");
            assertEquals("heard live again", live.getString("text"));
            assertEquals(start + 2, live.getJsonNumber("seq").longValue());
            bob.expectNothingBefore(alice, "gap"); // the catch-up repeated nothing
        }
    }

    @Test
    void presenceIsClusterWide() {
        try (ChatClient erin = ChatClient.connect(nodeA, "erin");
             ChatClient frank = ChatClient.connect(nodeB, "frank")) {
            erin.join("hall");
            JsonObject joined = frank.join("hall");
            assertEquals(Set.of("erin", "frank"), Set.copyOf(ChatClient.members(joined)));
            erin.await("presence", Map.of("user", "frank", "event", "join"));

            frank.send("{\"type\":\"leave\",\"room\":\"hall\"}");
            frank.expect("left");
            erin.await("presence", Map.of("user", "frank", "event", "leave"));
        }
    }

    @Test
    void aKilledNodesUsersLeavePresenceWithinTheExpiry() throws Exception {
        try (RunnerProcess c = ClusterNode.start(folder, "c", redis.url());
             ChatClient erin = ChatClient.connect(nodeA, "erin")) {
            ServerUnderTest nodeC = new ServerUnderTest(c.awaitUrl());
            erin.join("porch");
            ChatClient gina = ChatClient.connect(nodeC, "gina");
            assertTrue(ChatClient.members(gina.join("porch")).contains("erin"));
            erin.await("presence", Map.of("user", "gina", "event", "join"));

            c.process().destroyForcibly(); // SIGKILL: no close, no leave, no chance to clean up
            assertTrue(c.process().waitFor(10, TimeUnit.SECONDS));
            long killed = System.nanoTime();
            erin.await("presence", Map.of("user", "gina", "event", "leave"));
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - killed);
            // Expiry, plus at most one refresh interval (a third of it) until another node sweeps.
            assertTrue(seconds <= ClusterNode.PRESENCE_TTL_SECONDS * 4 / 3 + 1, "left after " + seconds + " s");
            gina.socket().abort();
        }
    }

    /**
     * What the console shows of the cluster: every node with its figures, and a user's connections on every node,
     * whichever node is asked; a killed node is named as not answering, and forgotten after the presence TTL.
     */
    @Test
    void theNodeListAndAUserLookupSpanTheCluster() throws Exception {
        try (RunnerProcess c = ClusterNode.start(folder, "c", redis.url());
             ChatClient onA = ChatClient.connect(nodeA, "kate");
             ChatClient onB = ChatClient.connect(nodeB, "kate")) {
            ServerUnderTest nodeC = new ServerUnderTest(c.awaitUrl());
            ChatClient onC = ChatClient.connect(nodeC, "kate");
            onA.join("kitchen");
            onC.join("cellar");
            String nameOfC = ApiClient.of(nodeC).getJson("nodes").getString("node");
            Eventually.await("three nodes listed with their connections", () -> {
                List<JsonObject> nodes = ApiClient.of(nodeA).getJson("nodes").getJsonArray("nodes")
                        .getValuesAs(JsonObject.class);
                return nodes.size() == 3 && nodes.stream().allMatch(node -> node.getBoolean("ready")
                        && node.getInt("connections") >= 1);
            });

            JsonObject kate = ApiClient.of(nodeB).getJson("users/kate");
            assertEquals(List.of(), kate.getJsonArray("unanswered"), kate.toString());
            List<JsonObject> connections = kate.getJsonArray("connections").getValuesAs(JsonObject.class);
            assertEquals(3, connections.size(), kate.toString());
            assertEquals(3, connections.stream().map(connection -> connection.getString("node")).distinct().count());
            assertEquals(List.of("cellar"), connections.stream().filter(connection -> connection.getString("node")
                    .equals(nameOfC)).findFirst().orElseThrow().getJsonArray("rooms").getValuesAs(JsonString::getString));

            c.process().destroyForcibly();
            assertTrue(c.process().waitFor(10, TimeUnit.SECONDS));
            // Until the TTL (3 s here) the dead node is still listed, so it is asked, and named for not answering;
            // once forgotten, it is not asked. Either way the lookup answers, with the two live tabs.
            JsonObject afterKill = ApiClient.of(nodeA).getJson("users/kate");
            assertTrue(Set.of(List.of(nameOfC), List.of()).contains(afterKill.getJsonArray("unanswered")
                    .getValuesAs(JsonString::getString)), afterKill.toString());
            assertEquals(2, afterKill.getJsonArray("connections").size(), afterKill.toString());
            Eventually.await("the killed node forgotten after the presence TTL", Duration.ofSeconds(
                    ClusterNode.PRESENCE_TTL_SECONDS + 10), () -> ApiClient.of(nodeA).getJson("nodes")
                    .getJsonArray("nodes").size(), size -> size == 2);
            onC.socket().abort();
        }
    }

    @Test
    void aPublishThroughOneNodeReachesMembersOnTheOtherOnceAndInOrder() {
        try (ChatClient bob = ChatClient.connect(nodeB, "bob")) {
            bob.join("announcements");
            ApiClient api = ApiClient.of(nodeA);
            for (int i = 1; i <= 20; i++) {
                api.postJson("rooms/announcements/messages", "{\"text\":\"news " + i + "\",\"idempotencyKey\":\"n" + i
                        + "\"}");
            }
            api.postJson("rooms/announcements/messages", "{\"text\":\"news 20\",\"idempotencyKey\":\"n20\"}");
            List<JsonObject> received = bob.collect("message", 20);
            for (int i = 0; i < 20; i++) {
                assertEquals("news " + (i + 1), received.get(i).getString("text"));
                assertEquals("app", received.get(i).getString("app"));
            }
            bob.send("{\"type\":\"ping\",\"id\":\"end\"}");
            assertEquals("pong", bob.next().getString("type"), "the retried publish came once");

            JsonObject info = ApiClient.of(nodeB).getJson("rooms/announcements");
            assertEquals(List.of("bob"), ChatClient.members(info));
            assertEquals(received.get(19).getInt("seq"), info.getInt("seq"));
            assertEquals(20, ApiClient.of(nodeB).getJson("rooms/announcements/messages").getJsonArray("messages").size());
        }
    }

    @Test
    void aPersonalMessageReachesTheUsersTabsOnBothNodes() {
        try (ChatClient onA = ChatClient.connect(nodeA, "hanna");
             ChatClient onB = ChatClient.connect(nodeB, "hanna")) {
            ApiClient.of(nodeA).postJson("users/hanna/messages", "{\"text\":\"Your order shipped\",\"sender\":\"Shop\"}");
            for (ChatClient tab : List.of(onA, onB)) {
                JsonObject personal = tab.expect("personal");
                assertEquals("Shop", personal.getString("app"));
                assertEquals("Your order shipped", personal.getString("text"));
            }
        }
    }

    @Test
    void aDisconnectAndBanThroughOneNodeActOnBoth() throws Exception {
        ChatClient onA = ChatClient.connect(nodeA, "ivan");
        ChatClient onB = ChatClient.connect(nodeB, "ivan");
        ApiClient.of(nodeB).postJson("users/ivan/disconnect", "{\"reason\":\"abuse\",\"banSeconds\":60}");
        for (ChatClient tab : List.of(onA, onB)) {
            assertEquals(4003, tab.socket().awaitClose().code());
        }
        for (ServerUnderTest node : List.of(nodeA, nodeB)) {
            Map<String, String> request = Map.of("Authorization", "Bearer " + TestTokens.valid("ivan"));
            try (RawWebSocket refused = RawWebSocket.open(node.ws("ws/chat"), request)) {
                assertEquals(403, refused.status(), node.toString());
            }
        }
    }

    @Test
    void aResetThroughOneNodeTellsMembersOnTheOther() {
        try (ChatClient onB = ChatClient.connect(nodeB, "judy")) {
            onB.join("resettable");
            onB.post("resettable", "before", "r1");
            onB.await("ack", Map.of("clientId", "r1"));
            JsonObject reset = ApiClient.of(nodeA).postJson("rooms/resettable/reset", null);
            JsonObject told = onB.await("joined", Map.of("replay", "reset"));
            assertEquals(reset.getString("epoch"), told.getString("epoch"));
            onB.post("resettable", "after", "r2");
            JsonObject message = onB.expect("message");
            assertEquals(1, message.getInt("seq"));
            assertEquals(reset.getString("epoch"), message.getString("epoch"));
        }
    }

    @Test
    void aNodeRefusesToStartWithoutItsBroker() throws Exception {
        int closed = RunnerProcess.freePort();
        try (RunnerProcess lonely = ClusterNode.start(folder, "lonely", "redis://127.0.0.1:" + closed)) {
            assertTrue(lonely.process().waitFor(60, TimeUnit.SECONDS), "exits by itself");
            assertEquals(1, lonely.process().exitValue());
            lonely.awaitLine("Roomcast could not start: Redis at 127.0.0.1:" + closed + " is unreachable");
        }
    }


}
