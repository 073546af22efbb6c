package dev.roomcast.chat;

/**
 * A token bucket: {@code burst} tokens at most, refilled at {@code perSecond}. One per connection, so one
 * client's flood spends only its own tokens.
 */
final class TokenBucket {

    private final double perNano;
    private final double capacity;
    private double tokens;
    private long refilledAt;

    TokenBucket(int perSecond, int burst, long now) {
        this.perNano = perSecond / 1e9;
        this.capacity = burst;
        this.tokens = burst;
        this.refilledAt = now;
    }

    /** Takes a token if there is one; otherwise returns how many milliseconds until there will be. */
    synchronized long tryTake(long now) {
        tokens = Math.min(capacity, tokens + (now - refilledAt) * perNano);
        refilledAt = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) / perNano / 1e6));
    }
}
