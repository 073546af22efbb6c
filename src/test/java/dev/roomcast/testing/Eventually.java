package dev.roomcast.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waiting for something that happens on the server's own schedule (a presence entry expiring, a node noticing
 * Redis is back, a line reaching a log), in one place: poll until it holds, or fail after {@link #PATIENCE}
 * saying what never happened and what was seen last. No fixed sleeps: a fast runtime passes at once, a slow one
 * gets the whole patience.
 */
public final class Eventually {

    /** How long anything the server does on its own may take; the same patience as a client's next message. */
    public static final Duration PATIENCE = WsClient.PATIENCE;
    private static final long POLL_MILLIS = 20;

    private Eventually() {
    }

    /**
     * Waits {@code millis} on purpose, never to wait for something: to pace a sender, or to let a timer's moment pass
     * when the check is that it did not fire (a cancelled timer has nothing to wait for).
     */
    public static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Waits until {@code condition} holds. */
    public static void await(String what, BooleanSupplier condition) {
        await(what, PATIENCE, () -> condition.getAsBoolean(), Boolean::booleanValue);
    }

    /** Reads {@code value} until {@code accepted} takes it, and returns it. */
    public static <T> T await(String what, Supplier<T> value, Predicate<? super T> accepted) {
        return await(what, PATIENCE, value, accepted);
    }

    /** The same, with a patience of its own (for what the server does on a long schedule). */
    public static <T> T await(String what, Duration patience, Supplier<T> value, Predicate<? super T> accepted) {
        long deadline = System.nanoTime() + patience.toNanos();
        T last = value.get();
        while (!accepted.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("after " + patience + ", still not " + what + "; last seen: " + last);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting until " + what, e);
            }
            last = value.get();
        }
        return last;
    }
}
