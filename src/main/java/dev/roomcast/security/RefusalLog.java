package dev.roomcast.security;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One log line per refused handshake, with its reason, for an operator to read or ship, at most
 * {@value #PER_SECOND} a second after a burst of {@value #BURST} ({@link RateLimitedLog}). The counts by reason are
 * complete in {@code roomcast_handshakes_refused_total} either way. Its fields: {@code event}, {@code reason},
 * {@code status}, {@code path}, {@code address}, {@code detail}, {@code skipped}.
 */
final class RefusalLog {

    static final int PER_SECOND = 10;
    static final int BURST = 20;

    private final RateLimitedLog log =
            new RateLimitedLog(System.getLogger(HandshakeGuard.class.getName()), PER_SECOND, BURST);

    void refused(Handshake handshake, HandshakeGuard.Decision decision) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event", "handshake_refused");
        fields.put("reason", decision.cause());
        fields.put("status", decision.status());
        fields.put("path", handshake.path());
        fields.put("address", String.valueOf(handshake.address()));
        fields.put("detail", decision.reason());
        log.log(System.Logger.Level.INFO, "handshake refused with " + decision.status() + " (" + decision.cause()
                + "): " + handshake.path() + " from " + handshake.address() + ": " + decision.reason(), fields);
    }
}
