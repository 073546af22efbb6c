package dev.roomcast.cluster;

import dev.roomcast.concurrent.HandOffThreads;
import dev.roomcast.concurrent.Scheduler;
import dev.roomcast.config.Settings;
import dev.roomcast.metrics.Meters;
import dev.roomcast.room.RoomStore;
import dev.roomcast.room.RoomStoreContract;
import dev.roomcast.testing.RedisServer;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

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
    private static HandOffThreads handOff;
    private static Meters meters;
    private static RedisRoomStore store;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.startInMemory(Files.createTempDirectory("roomcast-contract"));
        scheduler = new Scheduler();
        handOff = new HandOffThreads();
        handOff.start();
        meters = new Meters();
        meters.bindJvm();
        store = new RedisRoomStore();
        store.settings = Settings.from(Map.of("presence-grace-ms", "0", "history-size", Integer.toString(HISTORY),
                "join-history", Integer.toString(JOIN_HISTORY))::get);
        store.scheduler = scheduler;
        store.meters = meters;
        store.handOff = handOff;
        store.connect(ClusterSettings.from(Map.of("redis-url", redis.url())::get));
    }

    @AfterAll
    static void stop() {
        store.disconnect();
        scheduler.stop();
        handOff.stop();
        meters.close();
        redis.close();
    }

    @Override
    protected RoomStore store() {
        return store;
    }
}
