package dev.roomcast.concurrent;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The threads ({@code roomcast-handoff-N}, one per core) on which a busy {@link SerialExecutor} continues once the
 * thread that found it idle has run its turn of {@link #TURN} tasks: so that no caller's thread (on WildFly, an
 * I/O thread that also reads other connections) carries a busy room for long.
 */
@ApplicationScoped
public class HandOffThreads {

    /**
     * Tasks (a room's posts, joins, leaves, each with its fan-out) one thread runs in a row before handing off: a
     * few dozen keeps a quiet room on the poster's thread, with no hand-off at all, and bounds what a busy one costs
     * the thread that happened to post first.
     */
    public static final int TURN = 32;

    private ThreadStripes threads;

    /** In {@code @PostConstruct}, not the constructor, which a server's CDI may also run for the bean's proxy. */
    @PostConstruct
    public void start() {
        threads = new ThreadStripes("roomcast-handoff");
    }

    /** A serial executor whose turns continue on the hand-off thread of {@code key} (the same for equal keys). */
    public SerialExecutor serialExecutor(Object key) {
        return new SerialExecutor(threads.forKey(key), TURN);
    }

    @PreDestroy
    public void stop() {
        threads.close();
    }
}
