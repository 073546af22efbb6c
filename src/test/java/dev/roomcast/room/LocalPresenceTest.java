package dev.roomcast.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.concurrent.Scheduler;
import dev.roomcast.concurrent.SerialExecutor;
import dev.roomcast.testing.Eventually;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One room's presence on one node: tabs count once, and a dropped user stays for the grace period. */
class LocalPresenceTest {

    private static final Duration GRACE = Duration.ofMillis(200);

    private final Scheduler scheduler = new Scheduler();
    private final SerialExecutor room = new SerialExecutor();
    private final LocalPresence presence = new LocalPresence(GRACE, scheduler, room);
    private final List<String> departed = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        scheduler.stop();
    }

    /** Runs {@code step} in the room, as the stores do, and waits for it. */
    private void inRoom(Runnable step) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        room.execute(() -> {
            step.run();
            done.countDown();
        });
        assertTrue(done.await(5, TimeUnit.SECONDS));
    }

    @Test
    void severalTabsOfOneUserAreOnePresenceUntilTheLastLeaves() throws InterruptedException {
        inRoom(() -> {
            assertTrue(presence.arrive("alice"));
            assertFalse(presence.arrive("alice"), "a second tab is no new arrival");
            presence.leave("alice", false, departed::add);
        });
        assertEquals(List.of(), departed);
        assertEquals(Set.of("alice"), presence.users());
        inRoom(() -> presence.leave("alice", false, departed::add));
        assertEquals(List.of("alice"), departed, "an explicit leave of the last tab ends presence at once");
        assertTrue(presence.users().isEmpty());
    }

    @Test
    void aDroppedUserDepartsAfterTheGracePeriod() throws InterruptedException {
        inRoom(() -> {
            presence.arrive("bob");
            presence.leave("bob", true, departed::add);
        });
        assertTrue(presence.contains("bob"), "still present within the grace period");
        long start = System.nanoTime();
        Eventually.await("bob departed", () -> !departed.isEmpty());
        assertEquals(List.of("bob"), departed);
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(GRACE.minusMillis(50)) >= 0,
                "not before the grace period");
        assertFalse(presence.contains("bob"));
    }

    @Test
    void aUserBackWithinTheGracePeriodNeverLeftNorArrived() throws InterruptedException {
        inRoom(() -> {
            presence.arrive("carol");
            presence.leave("carol", true, departed::add);
            assertFalse(presence.arrive("carol"), "back within grace: no join");
        });
        // A cancelled timer has nothing to wait for: past the grace period, it must not have fired.
        Thread.sleep(GRACE.toMillis() * 2);
        inRoom(() -> { });
        assertEquals(List.of(), departed);
        assertTrue(presence.contains("carol"));
    }

    @Test
    void clearForgetsEveryoneWithoutDepartures() throws InterruptedException {
        inRoom(() -> {
            presence.arrive("dan");
            presence.arrive("erin");
            presence.leave("erin", true, departed::add);
            assertEquals(Set.of("dan", "erin"), presence.clear());
        });
        Thread.sleep(GRACE.toMillis() * 2);
        assertEquals(List.of(), departed);
        assertTrue(presence.users().isEmpty());
    }
}
