package dev.roomcast.backend;

import jakarta.json.JsonObject;

/**
 * The backend's answer to a join or a publish: allowed, or refused with its {@code reason} (for the client). An
 * allowed publish may carry the {@code text} to post instead of the one sent, and a small {@code data} object to
 * attach to the message; both null to post it as sent.
 */
public record Verdict(boolean allowed, String reason, String text, JsonObject data) {

    public static final Verdict ALLOWED = new Verdict(true, null, null, null);

    public static Verdict refused(String reason) {
        return new Verdict(false, reason, null, null);
    }
}
