package dev.roomcast.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The executor every room's state lives in: one task at a time, in order, on the submitting threads. */
class SerialExecutorTest {

    @Test
    void anIdleExecutorRunsTheTaskOnTheCallersThread() {
        SerialExecutor serial = new SerialExecutor();
        List<String> ranOn = new ArrayList<>();
        serial.execute(() -> ranOn.add(Thread.currentThread().getName()));
        assertEquals(List.of(Thread.currentThread().getName()), ranOn);
    }

    @Test
    void tasksFromManyThreadsRunOneAtATimeInTheOrderEachThreadSubmittedThem() throws Exception {
        SerialExecutor serial = new SerialExecutor();
        int threads = 4;
        int each = 5_000;
        AtomicInteger running = new AtomicInteger();
        AtomicBoolean overlapped = new AtomicBoolean();
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(threads * each);
        List<Thread> submitters = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String prefix = t + ":";
            submitters.add(new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    String name = prefix + i;
                    serial.execute(() -> {
                        if (running.incrementAndGet() > 1) {
                            overlapped.set(true);
                        }
                        order.add(name);
                        running.decrementAndGet();
                        done.countDown();
                    });
                }
            }));
        }
        submitters.forEach(Thread::start);
        assertTrue(done.await(30, TimeUnit.SECONDS));
        assertFalse(overlapped.get(), "two tasks ran at once");
        for (int t = 0; t < threads; t++) {
            String prefix = t + ":";
            List<String> ofThread = order.stream().filter(name -> name.startsWith(prefix)).toList();
            for (int i = 0; i < each; i++) {
                assertEquals(prefix + i, ofThread.get(i));
            }
        }
    }

    @Test
    void anAsynchronousStepHoldsBackTheNextTaskUntilItCompletes() {
        SerialExecutor serial = new SerialExecutor();
        CompletableFuture<Void> redis = new CompletableFuture<>();
        List<String> order = new ArrayList<>();
        serial.submit(() -> {
            order.add("asked");
            return redis;
        });
        serial.execute(() -> order.add("next"));
        assertEquals(List.of("asked"), order, "the next task waits for the step");
        redis.complete(null);
        assertEquals(List.of("asked", "next"), order, "and runs on the thread that completes it");
    }

    @Test
    void aFailingTaskOrStepDoesNotStopTheOnesAfterIt() {
        SerialExecutor serial = new SerialExecutor();
        List<String> order = new ArrayList<>();
        serial.execute(() -> {
            throw new IllegalStateException("a bug in one task");
        });
        serial.submit(() -> CompletableFuture.failedFuture(new IllegalStateException("a failed step")));
        CompletableFuture<Void> later = new CompletableFuture<>();
        serial.submit(() -> later);
        serial.execute(() -> order.add("after"));
        later.completeExceptionally(new IllegalStateException("failed later"));
        assertEquals(List.of("after"), order);
    }
}
