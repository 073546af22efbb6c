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
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java client across a restart of its server (a clustered runner, so that the room's history outlives the
 * process): it reconnects by itself, resumes the room from where it was, and its send made while the server was
 * down is posted once. Every message of the room reaches it once, in order, with no gap.
 */
@Tag("standalone-only")
@Tag("own-servers")
class ClientLibraryRestartIT {

    @TempDir
    Path folder;

    @Test
    void theClientReconnectsResumesAndPostsWhatItSentWhileTheServerWasDown() throws Exception {
        String room = "restart-" + UUID.randomUUID().toString().substring(0, 8);
        int port = RunnerProcess.freePort();
        List<JsonObject> received = new CopyOnWriteArrayList<>();
        List<RoomcastClient.State> states = new CopyOnWriteArrayList<>();
        try (RedisServer redis = RedisServer.start(folder.resolve("redis"))) {
            RunnerProcess node = node(redis, port, "first");
            URI ws = URI.create(node.awaitUrl().toString().replace("http", "ws")).resolve("ws/chat");
            ServerUnderTest server = new ServerUnderTest(node.awaitUrl());
            try (RoomcastClient dora = RoomcastClient.builder(ws).tokens(() -> TestTokens.valid("dora"))
                    .backoff(Duration.ofMillis(100), Duration.ofSeconds(1)).build()) {
                dora.on("message", received::add).onState(states::add);
                dora.connect().toCompletableFuture().get(30, TimeUnit.SECONDS);
                dora.join(room);
                try (ChatClient eve = ChatClient.connect(server, "eve")) {
                    eve.join(room);
                    eve.post(room, "before the restart");
                    Eventually.await("the first message", () -> received.size() == 1);
                }

                assertEquals(0, node.stop(), "stopped");
                Eventually.await("dora reconnecting", () -> dora.state() == RoomcastClient.State.RECONNECTING);
                String offline = dora.send(room, "sent while the server was down");

                node = node(redis, port, "second");
                try (ChatClient eve = ChatClient.connect(new ServerUnderTest(node.awaitUrl()), "eve")) {
                    eve.join(room);
                    for (int i = 1; i <= 5; i++) {
                        eve.post(room, "after " + i);
                    }
                    Eventually.await("all seven messages", Duration.ofSeconds(30), () -> received.size(), n -> n >= 7);
                    Eventually.await("the offline send acknowledged", () -> {
                        try {
                            return dora.pending().toCompletableFuture().get(5, TimeUnit.SECONDS).isEmpty();
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                    });
                    Eventually.pause(1_000); // what would come twice has had time to come
                }
                List<Long> seqs = received.stream().map(message -> message.getJsonNumber("seq").longValue()).toList();
                long first = seqs.get(0);
                assertEquals(LongStream.range(first, first + 7).boxed().toList(), seqs, "once each, in order, no gap");
                assertEquals(1, received.stream().filter(message -> offline.equals(message.getString("clientId", null)))
                        .count(), "the offline send posted once");
                assertEquals(RoomcastClient.State.OPEN, dora.state());
            } finally {
                node.close();
            }
        }
    }

    private RunnerProcess node(RedisServer redis, int port, String name) throws Exception {
        return RunnerProcess.start(folder.resolve(name + ".out"), ClusterNode.environment(redis.url()),
                "--host", "127.0.0.1", "--port", String.valueOf(port));
    }
}
