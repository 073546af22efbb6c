package dev.roomcast.room;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.concurrent.Scheduler;
import dev.roomcast.config.Settings;
import dev.roomcast.testing.RecordingBackend;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The single-node store passes the contract, in the test's JVM; and a faulty step is reported, never left waiting. */
class InMemoryRoomStoreTest extends RoomStoreContract {

    private static final RecordingBackend BACKEND = new RecordingBackend(REPORTED);
    private static InMemoryRoomStore store;
    private static Scheduler scheduler;

    @BeforeAll
    static void start() {
        scheduler = new Scheduler();
        store = RoomStoreTesting.inMemory(Settings.from(Map.of("presence-grace-ms", "0", "history-size",
                Integer.toString(HISTORY), "join-history", Integer.toString(JOIN_HISTORY))::get), scheduler, BACKEND);
    }

    @AfterAll
    static void stop() {
        scheduler.stop();
    }

    @Override
    protected RoomStore store() {
        return store;
    }

    @Override
    protected RecordingBackend backend() {
        return BACKEND;
    }

    /** A page with a negative limit makes the room's step throw: the caller hears of it at once (the API's 500). */
    @Test
    void aStepThatFailsCompletesItsAnswerExceptionally() throws Exception {
        RecordingMember alice = new RecordingMember("alice");
        store.join("failing-step", alice, null, null);
        alice.next("joined");
        store.post("failing-step", alice, "one", null, null);
        alice.next("message");
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> store.messages("failing-step", null, 0L, -1).toCompletableFuture().get(5, TimeUnit.SECONDS));
        assertTrue(failed.getCause() instanceof RuntimeException, failed.toString());
    }
}
