package dev.roomcast.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.roomcast.concurrent.Scheduler;
import dev.roomcast.config.Settings;
import dev.roomcast.metrics.Meters;
import dev.roomcast.room.RecordingMember;
import dev.roomcast.room.RoomStore;
import dev.roomcast.room.RoomStoreContract;
import dev.roomcast.testing.RecordingBackend;
import dev.roomcast.testing.RedisServer;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The clustered store passes the same contract as the single node's, on a real {@code redis-server} (Debian's, which
 * the build installs before the integration tests), in the test's JVM. An integration test for that reason alone;
 * it needs no runtime, so it runs in the standalone pass only.
 */
@Tag("standalone-only")
@Tag("own-servers")
class RedisRoomStoreContractIT extends RoomStoreContract {

    private static RedisServer redis;
    private static Scheduler scheduler;
    private static Meters meters;
    private static final RecordingBackend BACKEND = new RecordingBackend(REPORTED);
    private static RedisRoomStore store;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.startInMemory(Files.createTempDirectory("roomcast-contract"));
        scheduler = new Scheduler();
        meters = new Meters();
        meters.bindJvm();
        store = new RedisRoomStore();
        store.settings = Settings.from(Map.of("presence-grace-ms", "0", "history-size", Integer.toString(HISTORY),
                "join-history", Integer.toString(JOIN_HISTORY))::get);
        store.scheduler = scheduler;
        store.meters = meters;
        store.events = BACKEND;
        store.connect(ClusterSettings.from(Map.of("redis-url", redis.url())::get));
    }

    @AfterAll
    static void stop() {
        store.disconnect();
        scheduler.stop();
        meters.close();
        redis.close();
    }

    @Override
    protected RoomStore store() {
        return store;
    }

    @Override
    protected RecordingBackend backend() {
        return BACKEND;
    }

    /**
     * A message in the room's log that this node cannot read (a broken or newer node wrote it, or a hand) is skipped
     * with a warning; it stalled the room on this node before, the failure logged at DEBUG on every retry.
     */
    @Test
    void anEntryThatCannotBeReadIsSkippedAndTheRoomGoesOn() throws Exception {
        String room = "unreadable-" + System.nanoTime();
        RecordingMember alice = new RecordingMember("alice");
        store.join(room, alice, null, null);
        String epoch = alice.next("joined").getString("epoch");
        store.post(room, alice, "one", null, null);
        assertEquals(1, alice.next("message").getInt("seq"));
        // Message 2, posted as post.lua posts, with a draft no node can read.
        redis.command("HINCRBY", "roomcast:{" + room + "}:meta", "seq", "1");
        redis.command("XADD", "roomcast:{" + room + "}:log", "2-0", "m", "{not json");
        redis.command("PUBLISH", "roomcast:" + room, "m " + epoch + " 2 {not json");
        store.post(room, alice, "three", null, null);
        JsonObject next = alice.next("message");
        assertEquals(3, next.getInt("seq"));
        assertEquals("three", next.getString("text"));
        RoomStore.Page page = store.messages(room, null, 0L, 10).toCompletableFuture().get(10, TimeUnit.SECONDS)
                .orElseThrow();
        assertEquals(List.of(1L, 3L), page.messages().stream().map(message -> message.seq()).toList(),
                "the history skips it too");
    }
}
