package dev.roomcast.security;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One log line per refused handshake, with its reason, for an operator to read or ship: at most
 * {@value #PER_SECOND} a second (after a burst of {@value #BURST}), so that a flood of bad handshakes cannot fill a
 * disk; the next line logged says how many were left out meanwhile. The counts by reason are complete in
 * {@code roomcast_handshakes_refused_total} either way.
 *
 * <p>The line's fields go with it as its one parameter, a map, which a JSON log formatter writes as fields of
 * its own ({@code event}, {@code reason}, {@code status}, {@code path}, {@code address}, {@code detail},
 * {@code skipped}); a text formatter writes the message alone, which says the same.
 */
final class RefusalLog {

    static final int PER_SECOND = 10;
    static final int BURST = 20;
    private static final System.Logger LOG = System.getLogger(HandshakeGuard.class.getName());

    private final TokenBucket lines = new TokenBucket(PER_SECOND, BURST, System.nanoTime());
    private final AtomicLong skipped = new AtomicLong();

    void refused(Handshake handshake, HandshakeGuard.Decision decision) {
        if (lines.tryTake(System.nanoTime()) > 0) {
            skipped.incrementAndGet();
            return;
        }
        long left = skipped.getAndSet(0);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event", "handshake_refused");
        fields.put("reason", decision.cause());
        fields.put("status", decision.status());
        fields.put("path", handshake.path());
        fields.put("address", String.valueOf(handshake.address()));
        fields.put("detail", decision.reason());
        if (left > 0) {
            fields.put("skipped", left);
        }
        LOG.log(System.Logger.Level.INFO, "handshake refused with " + decision.status() + " (" + decision.cause()
                + "): " + handshake.path() + " from " + handshake.address() + ": " + decision.reason()
                + (left > 0 ? "; " + left + " more refused since the last such line" : ""), fields);
    }
}
