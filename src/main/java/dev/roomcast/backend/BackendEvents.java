package dev.roomcast.backend;

import java.time.Duration;
import java.util.List;

/**
 * Where the core reports what happened. The report returns at once, whatever the backend's state: a slow or dead
 * receiver never slows a room (the webhook edge queues, bounded, and counts what it cannot keep).
 */
public interface BackendEvents {

    /** Queues {@code event} for the backend; nothing when no receiver is configured. */
    void report(BackendEvent event);

    /**
     * Whether messages posted in {@code room} are reported: opt-in per room-name pattern, since it is the busiest
     * event. Asked before a {@code message_posted} event is made, so that a room nobody listens to pays nothing.
     */
    boolean reportsMessages(String room);

    /**
     * How a clustered store keeps its rooms' events in Redis, where they are in each room's order whichever node
     * made the change, and one node sends them through {@link #deliver}; null when no receiver is configured.
     */
    Log log();

    /**
     * Sends events read from a shared log (a clustered room's, oldest first), on the caller's thread: returns once
     * the receiver accepted them, or when they were given up after {@code webhook-max-age-seconds} (counted and
     * logged); the caller then drops them from the log.
     */
    void deliver(List<BackendEvent> events) throws InterruptedException;

    /** Counts events a shared log had no room for, as events overflowing a node's queue are counted and logged. */
    void overflowed(long events);

    /**
     * The limits of a shared log.
     *
     * @param perRoom the most events kept for one room ({@code webhook-queue-limit})
     * @param batchSize the most events per request ({@code webhook-batch-size})
     * @param batchDelay how long the sender waits before it looks for events again when there were none
     * @param maxAge how long an event is retried ({@code webhook-max-age-seconds}); the log keeps it a while longer
     */
    record Log(int perRoom, int batchSize, Duration batchDelay, Duration maxAge) {
    }
}
