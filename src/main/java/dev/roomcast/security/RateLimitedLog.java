package dev.roomcast.security;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Log lines of one kind that a client can cause (a refused handshake, a connection closed for abuse), at most
 * {@code perSecond} a second after a burst, so that a flood cannot fill a disk; the next line written says how many
 * were left out meanwhile ({@code skipped}). The line's fields go with it as a map parameter, which a JSON log
 * formatter writes as fields of their own; the text is passed as a parameter too, never as the format, so that a
 * brace in a client's input is not read as a placeholder.
 */
public final class RateLimitedLog {

    private final System.Logger logger;
    private final TokenBucket lines;
    private final AtomicLong skipped = new AtomicLong();

    public RateLimitedLog(System.Logger logger, int perSecond, int burst) {
        this.logger = logger;
        this.lines = new TokenBucket(perSecond, burst, System.nanoTime());
    }

    /** Logs {@code text} with {@code fields} (changed: {@code skipped} is added), or counts it as left out. */
    public void log(System.Logger.Level level, String text, Map<String, Object> fields) {
        if (lines.tryTake(System.nanoTime()) > 0) {
            skipped.incrementAndGet();
            return;
        }
        long left = skipped.getAndSet(0);
        if (left > 0) {
            fields.put("skipped", left);
        }
        logger.log(level, "{0}", (left > 0 ? text + "; " + left + " more left out since the last such line" : text), fields);
    }
}
