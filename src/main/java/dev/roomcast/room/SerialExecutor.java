package dev.roomcast.room;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs tasks one at a time, in submission order, on the submitting threads, without a lock: the thread that
 * raises {@code pending} from 0 to 1 runs tasks until it brings it back to 0, including tasks that others
 * submit meanwhile. A room's state is only ever touched from inside its executor, so it needs no lock.
 */
final class SerialExecutor implements Executor {

    private static final System.Logger LOG = System.getLogger(SerialExecutor.class.getName());

    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (pending.getAndIncrement() != 0) {
            return; // the running thread will get to it
        }
        do {
            try {
                tasks.poll().run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "room task failed", e);
            }
        } while (pending.decrementAndGet() > 0);
    }
}
