package dev.roomcast.concurrent;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs tasks one at a time, in submission order, on the submitting threads, without a lock: the thread that
 * raises {@code pending} from 0 to 1 runs tasks until it brings it back to 0, including tasks that others
 * submit meanwhile. A room's state is only ever touched from inside its executor, so it needs no lock.
 *
 * <p>A task may also be asynchronous ({@link #submit}): the next one starts only when its stage completes,
 * on the thread that completes it. The clustered store uses this to wait for Redis without blocking a
 * thread, while the room's events still happen in one order.
 */
public final class SerialExecutor implements Executor {

    private static final System.Logger LOG = System.getLogger(SerialExecutor.class.getName());
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final Queue<Supplier<? extends CompletionStage<?>>> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();

    @Override
    public void execute(Runnable task) {
        submit(() -> {
            task.run();
            return DONE;
        });
    }

    /** Queues {@code task}; the task after it starts when the stage it returns has completed. */
    public void submit(Supplier<? extends CompletionStage<?>> task) {
        tasks.add(task);
        if (pending.getAndIncrement() == 0) {
            drain();
        }
    }

    private void drain() {
        do {
            CompletableFuture<?> step = start(tasks.poll());
            if (!step.isDone()) {
                step.whenComplete((result, failure) -> {
                    report(failure);
                    if (pending.decrementAndGet() > 0) {
                        drain();
                    }
                });
                return; // the thread that completes the step carries on
            }
            if (step.isCompletedExceptionally()) {
                step.whenComplete((result, failure) -> report(failure));
            }
        } while (pending.decrementAndGet() > 0);
    }

    private static void report(Throwable failure) {
        if (failure != null) {
            LOG.log(System.Logger.Level.ERROR, "room task failed", failure);
        }
    }

    private static CompletableFuture<?> start(Supplier<? extends CompletionStage<?>> task) {
        try {
            return task.get().toCompletableFuture();
        } catch (RuntimeException e) {
            report(e);
            return DONE;
        }
    }
}
