package dev.roomcast.security;

/**
 * A token bucket: {@code burst} tokens at most, refilled at {@code perSecond}. One per chat connection (its
 * messages) and one per client address (its handshakes), so that one client's flood spends only its own
 * tokens.
 */
public final class TokenBucket {

    private final double perNano;
    private final double capacity;
    private double tokens;
    private long refilledAt;

    public TokenBucket(int perSecond, int burst, long now) {
        this.perNano = perSecond / 1e9;
        this.capacity = burst;
        this.tokens = burst;
        this.refilledAt = now;
    }

    /** Takes a token if there is one; otherwise returns how many milliseconds until there will be. */
    public synchronized long tryTake(long now) {
        tokens = Math.min(capacity, tokens + (now - refilledAt) * perNano);
        refilledAt = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) / perNano / 1e6));
    }

    /** Whether the bucket has refilled completely: its client has been quiet long enough to be forgotten. */
    public synchronized boolean full(long now) {
        return tokens + (now - refilledAt) * perNano >= capacity;
    }
}
