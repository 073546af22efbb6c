package dev.roomcast.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.roomcast.testing.FakeSession;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.websocket.CloseReason;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The single writer of a session, against a session whose writes complete when the test says so. */
class OutboxTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Counter delivered = registry.counter("delivered");
    private final Counter slowClosed = registry.counter("slow");
    private final FakeSession client = new FakeSession();

    private Outbox outbox(int limit) {
        return new Outbox(client.session(), null, limit, new Outbox.Meters(delivered, slowClosed));
    }

    @Test
    void textsGoOutInOrderOneWriteAtATime() {
        Outbox outbox = outbox(10);
        client.completeAtOnce(false);
        outbox.offer("a");
        outbox.offer("b");
        outbox.offer("c");
        assertEquals(List.of("a"), client.written(), "the next write waits for the one in flight");
        assertTrue(client.completeNext());
        assertEquals(List.of("a", "b"), client.written());
        assertTrue(client.completeNext());
        assertTrue(client.completeNext());
        assertEquals(List.of("a", "b", "c"), client.written());
        assertFalse(client.overlapped());
        assertEquals(0, outbox.queued());
    }

    @Test
    void onlyWrittenTextsCountAsDelivered() {
        Outbox outbox = outbox(10);
        client.completeAtOnce(false);
        outbox.offer("a");
        outbox.offer("b");
        outbox.offerAll(List.of("r1", "r2"));
        assertEquals(0, delivered.count(), "queued is not delivered");
        client.completeNext();
        client.completeNext();
        assertEquals(2, delivered.count());
        client.completeNext();
        client.completeNext();
        assertEquals(4, delivered.count(), "a replay counts each of its texts");
    }

    @Test
    void aClientThatFallsTheLimitBehindIsClosedWith1013AndOnlyIt() {
        Outbox outbox = outbox(3);
        client.completeAtOnce(false);
        assertTrue(outbox.offer("1")); // in flight
        assertTrue(outbox.offer("2"));
        assertTrue(outbox.offer("3"));
        assertFalse(outbox.offer("4"), "the fourth waiting entry is one too many");
        assertEquals(List.of(CloseReason.CloseCodes.TRY_AGAIN_LATER),
                client.closes().stream().map(CloseReason::getCloseCode).toList());
        assertEquals(1, slowClosed.count());
        assertFalse(outbox.offer("5"), "nothing is accepted once closed");
        client.completeNext();
        assertEquals(List.of("1"), client.written(), "the dropped queue is not written");
    }

    @Test
    void aReplayTakesOnePlaceInTheQueueHoweverLongItIs() {
        Outbox outbox = outbox(2);
        client.completeAtOnce(false);
        outbox.offer("joined");
        assertTrue(outbox.offerAll(IntStream.range(0, 50).mapToObj(Integer::toString).toList()));
        assertTrue(client.closes().isEmpty());
        while (client.completeNext()) {
            // drain
        }
        assertEquals(51, client.written().size());
    }

    @Test
    void aPingWaitsItsTurnBehindTheTextsInFlight() {
        Outbox outbox = outbox(10);
        client.completeAtOnce(false);
        outbox.offer("a");
        outbox.ping();
        outbox.offer("b");
        assertEquals(List.of("a"), client.written(), "never a control frame beside a text in flight");
        client.completeNext();
        assertEquals(List.of("a", "<ping>", "b"), client.written());
    }

    @Test
    void closeAfterQueuedWritesWhatCameBeforeAndRefusesWhatComesAfter() {
        Outbox outbox = outbox(10);
        client.completeAtOnce(false);
        outbox.offer("explanation");
        outbox.closeAfterQueued(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "flood"));
        assertFalse(outbox.offer("too late"));
        assertTrue(client.closes().isEmpty(), "not before the explanation is written");
        client.completeNext();
        assertEquals(List.of("explanation"), client.written());
        assertEquals(List.of(CloseReason.CloseCodes.VIOLATED_POLICY),
                client.closes().stream().map(CloseReason::getCloseCode).toList());
        assertEquals(1, delivered.count(), "what was refused is not counted");
    }

    @Test
    void aFailedWriteClosesTheSessionWith1011() {
        Outbox outbox = outbox(10);
        client.completeAtOnce(false);
        outbox.offer("a");
        outbox.offer("b");
        client.failNext(new IOException("connection reset"));
        assertEquals(List.of(CloseReason.CloseCodes.UNEXPECTED_CONDITION),
                client.closes().stream().map(CloseReason::getCloseCode).toList());
        assertEquals(List.of("a"), client.written());
        assertEquals(0, delivered.count());
    }

    /** An answer queued before the client's close still goes to the container, which writes it if it can. */
    @Test
    void onceEndedNothingMoreIsAcceptedAndTheTeardownRunsOnce() {
        Outbox outbox = outbox(10);
        AtomicInteger teardowns = new AtomicInteger();
        outbox.whenGone(teardowns::incrementAndGet);
        client.completeAtOnce(false);
        outbox.offer("a");
        outbox.offer("queued behind a");
        outbox.ended();
        outbox.ended();
        assertEquals(1, teardowns.get());
        assertFalse(outbox.offer("after the end"));
        client.completeNext();
        client.completeNext();
        assertEquals(List.of("a", "queued behind a"), client.written());
    }

    @Test
    void aTeardownRegisteredAfterTheEndRunsAtOnce() {
        Outbox outbox = outbox(10);
        outbox.ended();
        AtomicInteger teardowns = new AtomicInteger();
        outbox.whenGone(teardowns::incrementAndGet);
        assertEquals(1, teardowns.get());
    }

    @Test
    void manyThreadsOfferingAtOnceNeverOverlapAWriteAndLoseNothing() throws InterruptedException {
        int threads = 4;
        int each = 20_000;
        Outbox outbox = outbox(threads * each);
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String prefix = t + ":";
            Thread sender = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    outbox.offer(prefix + i);
                }
            });
            sender.start();
            senders.add(sender);
        }
        start.countDown();
        for (Thread sender : senders) {
            sender.join();
        }
        List<String> written = client.written();
        assertEquals(threads * each, written.size());
        assertFalse(client.overlapped());
        for (int t = 0; t < threads; t++) {
            String prefix = t + ":";
            List<String> ofThread = written.stream().filter(text -> text.startsWith(prefix)).toList();
            assertEquals(IntStream.range(0, each).mapToObj(i -> prefix + i).toList(), ofThread,
                    "each sender's texts in the order it offered them");
        }
        assertEquals(threads * each, delivered.count());
    }
}
