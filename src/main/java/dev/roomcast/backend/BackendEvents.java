package dev.roomcast.backend;

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
}
