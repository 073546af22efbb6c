package dev.roomcast.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.testing.ChatClient;
import dev.roomcast.testing.ClusterNode;
import dev.roomcast.testing.Eventually;
import dev.roomcast.testing.RedisServer;
import dev.roomcast.testing.RunnerProcess;
import dev.roomcast.testing.ServerUnderTest;
import dev.roomcast.testing.WsClient;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis goes away under two running nodes and comes back, as README ("Several nodes") promises: the nodes
 * keep their connections, report themselves not ready, buffer what their clients send, and when Redis
 * returns deliver it once and in order. If Redis comes back without its data, every member is asked to
 * reconnect (1012) and is told on resuming that the old history is gone.
 */
@Tag("standalone-only")
@Tag("own-servers")
class ClusterRedisRestartIT {

    @Test
    void anOutageLosesNothingAndRepeatsNothing(@TempDir Path folder) throws Exception {
        try (RedisServer redis = RedisServer.start(folder);
             RunnerProcess a = ClusterNode.start(folder, "a", redis.url());
             RunnerProcess b = ClusterNode.start(folder, "b", redis.url())) {
            ServerUnderTest nodeA = new ServerUnderTest(a.awaitUrl());
            ServerUnderTest nodeB = new ServerUnderTest(b.awaitUrl());
            try (ChatClient alice = ChatClient.connect(nodeA, "alice");
                 ChatClient bob = ChatClient.connect(nodeB, "bob")) {
                alice.join("ops");
                bob.join("ops");
                alice.post("ops", "before", "c0");
                assertEquals(1, bob.expect("message").getJsonNumber("seq").longValue());

                redis.stop();
                awaitHealth(nodeA, "health", response -> response.statusCode() == 503
                        && response.body().contains("\"status\":\"DOWN\"")
                        && response.body().contains("\"brokerReachable\":false"));
                assertEquals(200, nodeA.get("health/live").statusCode(), "alive: it must not be restarted");
                try (WsClient echo = WsClient.connect(nodeA.ws("ws/echo"))) {
                    echo.send("still serving");
                    assertEquals("Message text was: still serving", echo.next());
                }
                for (int i = 1; i <= 5; i++) {
                    alice.post("ops", "during " + i, "c" + i);
                }

                redis.restart(true);
                List<JsonObject> delivered = bob.collect("message", 5);
                for (int i = 1; i <= 5; i++) {
                    assertEquals("during " + i, delivered.get(i - 1).getString("text"));
                    assertEquals(1 + i, delivered.get(i - 1).getJsonNumber("seq").longValue());
                }
                Set<String> acknowledged = new HashSet<>();
                while (acknowledged.size() < 6) {
                    JsonObject next = alice.next();
                    if (next.getString("type").equals("ack")) {
                        assertTrue(acknowledged.add(next.getString("clientId")), "acknowledged twice: " + next);
                    }
                }
                awaitHealth(nodeA, "health", response -> response.statusCode() == 200);
                awaitHealth(nodeB, "health/ready", response -> response.statusCode() == 200);

                alice.post("ops", "after", "c6");
                JsonObject after = bob.expect("message");
                assertEquals("after", after.getString("text"));
                assertEquals(7, after.getJsonNumber("seq").longValue());
                bob.expectNothingBefore(alice, "ops"); // a catch-up repeated nothing
            }
        }
    }

    @Test
    void aSendRedisDoesNotTakeInTimeIsRefusedAsUnavailableAndCanBeRetried(@TempDir Path folder) throws Exception {
        try (RedisServer redis = RedisServer.start(folder);
             RunnerProcess a = ClusterNode.start(folder, "a", redis.url(),
                     Map.of("ROOMCAST_REDIS_TIMEOUT_SECONDS", "1"))) {
            ServerUnderTest nodeA = new ServerUnderTest(a.awaitUrl());
            try (ChatClient alice = ChatClient.connect(nodeA, "alice")) {
                alice.join("retry");
                redis.stop();
                // Six sends in a row: all go out at once and wait out one timeout together, not one timeout after
                // another, and their refusals come in the order sent, so that a client resends them in that order.
                long sent = System.nanoTime();
                for (int i = 1; i <= 6; i++) {
                    alice.post("retry", i == 1 ? "hello" : "later " + i, "r" + i);
                }
                for (int i = 1; i <= 6; i++) {
                    JsonObject refused = alice.expectError("unavailable");
                    assertEquals("r" + i, refused.getString("clientId"), "refused in the order sent");
                    assertEquals("retry", refused.getString("room"));
                    assertTrue(refused.getJsonNumber("retryAfterMs").longValue() > 0, refused.toString());
                }
                Duration refusedAfter = Duration.ofNanos(System.nanoTime() - sent);
                assertTrue(refusedAfter.compareTo(Duration.ofSeconds(4)) < 0,
                        "six sends refused after " + refusedAfter + " with a 1 s timeout (one after another: 6 s)");

                redis.restart(true);
                awaitHealth(nodeA, "health", response -> response.statusCode() == 200);
                alice.post("retry", "hello", "r1"); // the retry the error invites, with the same clientId
                int copies = 0;
                JsonObject next = alice.next();
                while (!next.getString("type").equals("ack")) {
                    if (next.getString("type").equals("message") && next.getString("text").equals("hello")) {
                        copies++;
                    }
                    next = alice.next();
                }
                assertEquals("r1", next.getString("clientId"));
                alice.expectNothingBefore(alice, "retry"); // no second copy on its way
                assertEquals(1, copies, "posted exactly once");
            }
        }
    }

    @Test
    void aRedisThatLostItsDataSendsMembersBackToResume(@TempDir Path folder) throws Exception {
        try (RedisServer redis = RedisServer.start(folder);
             RunnerProcess a = ClusterNode.start(folder, "a", redis.url())) {
            ServerUnderTest nodeA = new ServerUnderTest(a.awaitUrl());
            String epoch;
            try (ChatClient alice = ChatClient.connect(nodeA, "alice")) {
                epoch = alice.join("attic").getString("epoch");
                alice.post("attic", "soon forgotten");
                alice.expect("message");

                redis.stop();
                redis.restart(false);
                WsClient.Closed closed = alice.socket().awaitClose();
                assertEquals(1012, closed.code(), closed.toString());
            }
            try (ChatClient alice = ChatClient.connect(nodeA, "alice")) {
                JsonObject joined = alice.resume("attic", 1, epoch);
                assertEquals("reset", joined.getString("replay"));
                assertEquals("epoch_changed", joined.getString("reason"));
                assertEquals(0, joined.getJsonNumber("seq").longValue());
            }
        }
    }

    private static void awaitHealth(ServerUnderTest node, String path, Predicate<HttpResponse<String>> expected) {
        Eventually.await("/" + path + " as expected", Duration.ofSeconds(20), () -> node.get(path), expected);
    }
}
