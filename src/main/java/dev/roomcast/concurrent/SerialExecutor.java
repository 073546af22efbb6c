package dev.roomcast.concurrent;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs tasks one at a time, in submission order, without a lock: the thread that raises {@code pending} from 0
 * to 1 runs tasks until it brings it back to 0, including tasks that others submit meanwhile. A room's state is
 * only ever touched from inside its executor, so it needs no lock.
 *
 * <p>The thread that submits to an idle executor runs its task at once, so a quiet room costs no thread hand-off.
 * With a {@code handOff} executor, that thread runs at most {@code turn} tasks before the rest continues there:
 * in a busy room, the connection whose post found the room idle would otherwise carry everyone's posts (and their
 * fan-out) on its own thread, a container's I/O thread on WildFly, for as long as others keep posting. A turn on
 * the hand-off thread is bounded the same way, and goes to the back of that thread's line, so that one busy room
 * does not starve the others that share it.
 *
 * <p>A task may also be asynchronous ({@link #submit}): the next one starts only when its stage completes, on the
 * thread that completes it (within the same bound). The clustered store uses this to wait for Redis without
 * blocking a thread, while the room's events still happen in one order.
 */
public final class SerialExecutor implements Executor {

    private static final System.Logger LOG = System.getLogger(SerialExecutor.class.getName());
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final Queue<Supplier<? extends CompletionStage<?>>> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    /** Where the tasks beyond a turn continue; null: on whichever thread is running them, without a bound. */
    private final Executor handOff;
    private final int turn;
    private final Runnable continueTurn = this::drain;

    /** Tasks run on the threads that submit or complete them, however many come (a connection's reads). */
    public SerialExecutor() {
        this(null, Integer.MAX_VALUE);
    }

    /** Tasks run on the submitting thread, at most {@code turn} in a row, then continue on {@code handOff}. */
    public SerialExecutor(Executor handOff, int turn) {
        if (turn < 1) {
            throw new IllegalArgumentException("a turn is at least one task");
        }
        this.handOff = handOff;
        this.turn = turn;
    }

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
        int ran = 0;
        do {
            if (ran++ == turn && handOff != null && handOff(handOff)) {
                return; // the hand-off thread carries on, with a turn of its own
            }
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

    /** Whether the rest went to {@code executor}; a stopped one leaves it to the current thread. */
    private boolean handOff(Executor executor) {
        try {
            executor.execute(continueTurn);
            return true;
        } catch (RejectedExecutionException stopped) {
            return false;
        }
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
