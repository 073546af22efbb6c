package dev.roomcast.concurrent;

import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

/**
 * One single-thread executor per core. Work for one key (a room, a connection) always lands on the same
 * thread, so it runs in the order it was handed over, while different keys spread over every core.
 */
public final class ThreadStripes implements AutoCloseable {

    private final ExecutorService[] threads;

    /** Daemon threads named {@code name-0}, {@code name-1}, and so on. */
    public ThreadStripes(String name) {
        threads = IntStream.range(0, Runtime.getRuntime().availableProcessors())
                .mapToObj(stripe -> Executors.newSingleThreadExecutor(task -> {
                    Thread thread = new Thread(task, name + "-" + stripe);
                    thread.setDaemon(true);
                    return thread;
                }))
                .toArray(ExecutorService[]::new);
    }

    /** The thread for {@code key}: always the same one for equal keys. */
    public Executor forKey(Object key) {
        return threads[Math.floorMod(key.hashCode(), threads.length)];
    }

    /** Drops what is still queued; work in progress finishes on its own. */
    @Override
    public void close() {
        Arrays.stream(threads).forEach(ExecutorService::shutdownNow);
    }
}
