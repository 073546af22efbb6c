package dev.roomcast.message;

import java.util.Locale;

/**
 * Every error code the server puts on the wire, in {@code error} messages on {@code /ws/chat} and
 * {@code {"error": ...}} replies on {@code /ws/json}. docs/PROTOCOL.md documents each one (a test checks).
 */
public enum ErrorCode {
    /** Not JSON, or not exactly one JSON object. */
    MALFORMED_JSON,
    /** A field of the wrong JSON type, or a required one missing before the message can be typed. */
    INVALID_FIELD,
    /** A {@code type} the protocol does not have. */
    UNKNOWN_TYPE,
    /** Well-formed, but a value breaks a rule (room name, text length, negative {@code since}). */
    INVALID_MESSAGE,
    /** Sending to or leaving a room the connection is not in. */
    NOT_JOINED,
    /** The connection's token does not allow this room (its {@code rooms} claim). */
    FORBIDDEN,
    /** A {@code refresh} whose token is invalid, expired, or for another user; the old token still holds. */
    INVALID_TOKEN,
    /** Joining one room more than {@code max-rooms-per-connection}. */
    TOO_MANY_ROOMS,
    /** Over the connection's rate limit; {@code retryAfterMs} says when to try again. */
    RATE_LIMITED,
    /**
     * A clustered node could not reach its broker (Redis) in time for a join or send; {@code retryAfterMs} says
     * when to try again. A retried send with the same {@code clientId} is never posted twice.
     */
    UNAVAILABLE,
    /**
     * The application's backend refused a {@code join} or a {@code send} (its join or publish proxy); the message
     * is the backend's reason. Nothing was joined or posted.
     */
    REFUSED,
    /**
     * The application's backend did not decide in time (its proxy timed out, failed, or answered outside the
     * contract); nothing was joined or posted, and the client may try again.
     */
    BACKEND_UNAVAILABLE,
    /** Over {@code max-frame-bytes}: never answered with a message, the connection is closed with 1009. */
    TOO_BIG;

    /** The code as it appears on the wire, e.g. {@code malformed_json}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
