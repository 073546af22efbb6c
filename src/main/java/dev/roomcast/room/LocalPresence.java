package dev.roomcast.room;

import dev.roomcast.concurrent.Scheduler;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;

/**
 * Who is present in one room through this node's connections: several connections (tabs) of a user count as
 * one presence, and a user whose last connection dropped stays present for a grace period, so that a quick
 * reconnect does not make them flap. Belongs to one room and is touched only from its {@link SerialExecutor}.
 */
public final class LocalPresence {

    /** Connections per present user; 0 while the user is within the grace period. */
    private final Map<String, Integer> connectionsByUser = new LinkedHashMap<>();
    private final Map<String, ScheduledFuture<?>> graceTimers = new HashMap<>();
    private final Duration grace;
    private final Scheduler scheduler;
    private final Executor room;

    /** {@code room} is the room's executor, on which a grace period's end is handled. */
    public LocalPresence(Duration grace, Scheduler scheduler, Executor room) {
        this.grace = grace;
        this.scheduler = scheduler;
        this.room = room;
    }

    /** Counts a connection of {@code user}; true when the user is new here (not present, nor within grace). */
    public boolean arrive(String user) {
        ScheduledFuture<?> timer = graceTimers.remove(user);
        if (timer != null) {
            timer.cancel(false); // back within the grace period: no leave, no join
        }
        return connectionsByUser.merge(user, 1, Integer::sum) == 1 && timer == null;
    }

    /**
     * Uncounts a connection of {@code user}. When it was their last one, the user is gone: at once after an
     * explicit leave, or after the grace period when the connection dropped and none came back; then
     * {@code departed} is called with the user (on the room's executor).
     */
    public void leave(String user, boolean disconnected, Consumer<String> departed) {
        Integer left = connectionsByUser.computeIfPresent(user, (name, count) -> count - 1);
        if (left == null || left > 0) {
            return; // not here, or another tab of the same user still is
        }
        if (!disconnected || grace.isZero()) {
            connectionsByUser.remove(user);
            departed.accept(user);
            return;
        }
        graceTimers.put(user, scheduler.after(grace, () -> room.execute(() -> {
            if (graceTimers.remove(user) != null && connectionsByUser.getOrDefault(user, 0) == 0) {
                connectionsByUser.remove(user);
                departed.accept(user);
            }
        })));
    }

    public boolean contains(String user) {
        return connectionsByUser.containsKey(user);
    }

    /** The present users, in order of arrival, those within grace included. */
    public Set<String> users() {
        return connectionsByUser.keySet();
    }

    /** Forgets everyone without a departure (the room is being dropped here); returns who was present. */
    public Set<String> clear() {
        graceTimers.values().forEach(timer -> timer.cancel(false));
        graceTimers.clear();
        Set<String> users = Set.copyOf(connectionsByUser.keySet());
        connectionsByUser.clear();
        return users;
    }
}
