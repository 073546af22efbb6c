package dev.roomcast.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    private static RedisBroker broker;

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
        broker = store.connect(ClusterSettings.from(Map.of("redis-url", redis.url())::get));
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
     * One sender's posts go to Redis without waiting for each other, numbered in a stream of the sender's; post.lua
     * takes a number only right after the one before, so a post whose predecessor has not arrived is refused, not
     * posted ahead of it, and a resent post takes its number in a new stream whether it had been posted or not.
     */
    @Test
    void aSendersPostIsRefusedWhenAnEarlierOneHasNotArrived() throws Exception {
        String room = "stream-" + System.nanoTime();
        String epoch = "e" + System.nanoTime();
        RedisBroker.Posted second = post(room, epoch, "k2", "old", 2);
        assertTrue(second.outOfOrder(), "the second before the first: " + second);
        RedisBroker.Posted first = post(room, epoch, "k1", "old", 1);
        assertFalse(first.outOfOrder() || first.duplicate());
        assertEquals(1, first.seq());
        assertEquals(2, post(room, epoch, "k2", "old", 2).seq(), "sent again in its turn, it is posted");
        assertTrue(post(room, epoch, "k3", "old", 4).outOfOrder(), "a gap is refused too");

        RedisBroker.Posted resent = post(room, epoch, "k2", "new", 1);
        assertTrue(resent.duplicate() && !resent.outOfOrder(), "a new stream takes a resent post as a duplicate");
        RedisBroker.Posted third = post(room, epoch, "k3", "new", 2);
        assertEquals(3, third.seq(), "and numbers on after it: " + third);
    }

    private static RedisBroker.Posted post(String room, String epoch, String key, String stream, long number)
            throws Exception {
        return broker.post(room, epoch, key, HISTORY, "{\"user\":\"alice\",\"text\":\"" + key + "\"}", stream, number)
                .get(10, java.util.concurrent.TimeUnit.SECONDS);
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
